package org.unsilo.capture;

import java.util.Locale;
import java.util.regex.Pattern;

/** Turns display names as mail clients write them into names people use. */
final class NameCleaner {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private NameCleaner() {
    }

    /**
     * {@code "Allen, Phillip K."} becomes {@code Phillip K. Allen}; quotes and stray whitespace go; a name
     * that is only the address again (or empty) is no name.
     */
    static String clean(String name, String address) {
        if (name == null) {
            return null;
        }
        String n = WHITESPACE.matcher(name.strip()).replaceAll(" ");
        while (n.length() >= 2 && (n.charAt(0) == '"' || n.charAt(0) == '\'') && n.charAt(n.length() - 1) == n.charAt(0)) {
            n = n.substring(1, n.length() - 1).strip();
        }
        if (n.isEmpty() || n.contains("@") || (address != null && n.toLowerCase(Locale.ROOT).equals(address))) {
            return null;
        }
        int comma = n.indexOf(',');
        if (comma > 0 && comma == n.lastIndexOf(',') && comma < n.length() - 1) {
            String last = n.substring(0, comma).strip();
            String first = n.substring(comma + 1).strip();
            if (isPersonName(last, first)) {
                n = first + " " + last;
            }
        }
        return n.length() > 200 ? n.substring(0, 200) : n;
    }

    // "Smith Jones, Ann" is still Last, First; "Acme, Inc." and "Doe, Jr." are not.
    private static boolean isPersonName(String last, String first) {
        String f = first.toLowerCase(Locale.ROOT).replace(".", "");
        return !last.isEmpty() && !first.isEmpty() && !(f.equals("inc") || f.equals("ltd") || f.equals("llc")
                || f.equals("jr") || f.equals("sr") || f.equals("phd") || f.equals("gmbh"));
    }
}
