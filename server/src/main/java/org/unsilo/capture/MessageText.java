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
        String unescaped = MBOX_ESCAPE.matcher(body).replaceAll("$1");
        return WHITESPACE.matcher(unescaped).replaceAll(" ").trim();
    }

    public static String snippet(String body) {
        String n = normaliseBody(body);
        if (n.length() <= SNIPPET_LENGTH) {
            return n;
        }
        int cut = n.lastIndexOf(' ', SNIPPET_LENGTH);
        return n.substring(0, cut > SNIPPET_LENGTH / 2 ? cut : SNIPPET_LENGTH) + "…";
    }
}
