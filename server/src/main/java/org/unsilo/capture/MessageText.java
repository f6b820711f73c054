package org.unsilo.capture;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
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

    /**
     * What a body contributes to a capture: its snippet, and the SHA-256 (hex) of its text for comparison — mbox
     * {@code >From} escapes undone, every run of whitespace ({@code \s}) one space, trimmed — which goes into the
     * content fingerprint (DESIGN.md §5.5), so stored fingerprints depend on this definition never changing.
     */
    public record Digest(String snippet, String sha256) {
    }

    /** {@link Digest} of {@code body} ({@code null} counts as empty). */
    public static Digest digest(String body) {
        String text = unescapeMbox(body == null ? "" : body);
        // Every message of an import passes through here: the text is collapsed in place in its UTF-8 bytes, which
        // are what is hashed, instead of building the normalised String char by char first (a fifth of an import's
        // parse thread). Whitespace and everything trim() removes are ASCII, and no byte of a multi-byte UTF-8
        // sequence is, so this is exactly the UTF-8 of the normalised text.
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int length = collapseWhitespace(utf8);
        String sha256 = Hashing.sha256().newHasher().putBytes(utf8, 0, length).hash().toString();
        return new Digest(snippetOfNormalised(normalisedPrefix(text, SNIPPET_LENGTH + 1)), sha256);
    }

    public static String snippet(String body) {
        return snippetOfNormalised(normalisedPrefix(unescapeMbox(body), SNIPPET_LENGTH + 1));
    }

    private static String unescapeMbox(String body) {
        // Its matches all contain ">From ": skip the regex when it cannot match.
        return body.contains(">From ") ? MBOX_ESCAPE.matcher(body).replaceAll("$1") : body;
    }

    /** Collapses and trims UTF-8 text in place (see {@link #digest}); returns the new length. */
    static int collapseWhitespace(byte[] utf8) {
        int end = utf8.length;
        while (end > 0 && (utf8[end - 1] & 0xff) <= ' ') {
            end--;
        }
        int i = 0;
        while (i < end && (utf8[i] & 0xff) <= ' ') {
            i++;
        }
        // Trimming first and collapsing after gives the same text as the other way round: every whitespace
        // character is one that trim() removes.
        int length = 0;
        boolean inRun = false;
        for (; i < end; i++) {
            byte b = utf8[i];
            // Most bytes are above the space (or part of a multi-byte character): one comparison for them.
            if ((b & 0xff) <= ' ' && isWhitespace((char) b)) {
                inRun = true;
            } else {
                if (inRun) {
                    utf8[length++] = ' ';
                    inRun = false;
                }
                utf8[length++] = b;
            }
        }
        return length;
    }

    /** The first {@code max} characters of the collapsed and trimmed text, reading no more of it than that needs. */
    static String normalisedPrefix(String text, int max) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) <= ' ') {
            end--;
        }
        int i = 0;
        while (i < end && text.charAt(i) <= ' ') {
            i++;
        }
        StringBuilder sb = new StringBuilder(Math.min(max + 1, end - i));
        boolean inRun = false;
        for (; i < end && sb.length() < max; i++) {
            char c = text.charAt(i);
            if (isWhitespace(c)) {
                inRun = true;
            } else {
                if (inRun) {
                    sb.append(' ');
                    inRun = false;
                }
                sb.append(c);
            }
        }
        return sb.length() > max ? sb.substring(0, max) : sb.toString();
    }

    /** Regex {@code \s}: space, \t, \n, \x0B, \f, \r. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static String snippetOfNormalised(String n) {
        if (n.length() <= SNIPPET_LENGTH) {
            return n;
        }
        int cut = n.lastIndexOf(' ', SNIPPET_LENGTH);
        return n.substring(0, cut > SNIPPET_LENGTH / 2 ? cut : SNIPPET_LENGTH) + "…";
    }
}
