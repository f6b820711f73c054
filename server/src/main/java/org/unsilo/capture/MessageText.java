package org.unsilo.capture;

import java.util.Locale;
import java.util.regex.Pattern;

/** Normalisations of subjects and bodies used for threading, fingerprints and snippets. */
public final class MessageText {

    public static final int SNIPPET_LENGTH = 240;

    // Reply/forward prefixes in the languages our users' correspondents write in, optionally counted ("Re[2]:").
    private static final Pattern PREFIX = Pattern.compile(
            "^\\s*(re|fw|fwd|aw|wg|sv|vs|tr|rif|antw|r|réf|ref)\\s*(\\[\\d+])?\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern MBOX_ESCAPE = Pattern.compile("(?m)^>(>*From )");

    private MessageText() {
    }

    /** Subject without any number of {@code RE:}/{@code FW:} prefixes, whitespace collapsed, lower-case. */
    public static String normaliseSubject(String subject) {
        if (subject == null) {
            return "";
        }
        String s = subject;
        String previous;
        do {
            previous = s;
            s = PREFIX.matcher(s).replaceFirst("");
        } while (!s.equals(previous));
        return WHITESPACE.matcher(s).replaceAll(" ").trim().toLowerCase(Locale.ROOT);
    }

    /** Body text for comparison: mbox {@code >From} escapes undone, whitespace collapsed. */
    public static String normaliseBody(String body) {
        if (body == null) {
            return "";
        }
        // Every capture of an import runs this over the whole text: skip the regex when it cannot match (its
        // matches all contain ">From "), and collapse whitespace in one pass instead of with \s+.
        String unescaped = body.contains(">From ") ? MBOX_ESCAPE.matcher(body).replaceAll("$1") : body;
        return collapseWhitespace(unescaped).trim();
    }

    /** Runs of regex {@code \s} characters (space, \t, \n, \x0B, \f, \r) become one space. */
    static String collapseWhitespace(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean inRun = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                inRun = true;
            } else {
                if (inRun) {
                    sb.append(' ');
                    inRun = false;
                }
                sb.append(c);
            }
        }
        if (inRun) {
            sb.append(' ');
        }
        return sb.toString();
    }

    public static String snippet(String body) {
        return snippetOfNormalised(normaliseBody(body));
    }

    /** {@link #snippet} of a text already passed through {@link #normaliseBody} (saves a second pass). */
    public static String snippetOfNormalised(String n) {
        if (n.length() <= SNIPPET_LENGTH) {
            return n;
        }
        int cut = n.lastIndexOf(' ', SNIPPET_LENGTH);
        return n.substring(0, cut > SNIPPET_LENGTH / 2 ? cut : SNIPPET_LENGTH) + "…";
    }
}
