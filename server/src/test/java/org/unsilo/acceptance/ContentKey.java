package org.unsilo.acceptance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What makes two files the same e-mail, written out here rather than borrowed from the server so the
 * test can disagree with it: sender, the set of recipients, the minute it was sent, the subject
 * without reply/forward prefixes, and a hash of the body with whitespace collapsed.
 */
record ContentKey(String from, String recipients, long minute, String subject, String bodyHash) {

    static ContentKey of(String from, List<String> to, List<String> cc, Instant sentAt, String subject, String body) {
        TreeSet<String> recipients = new TreeSet<>(to);
        recipients.addAll(cc);
        return new ContentKey(from, String.join(",", recipients), sentAt.truncatedTo(ChronoUnit.MINUTES).getEpochSecond() / 60,
                subjectCore(subject), sha256(collapse(body == null ? "" : body)));
    }

    /** The same key with the body left out; equal keys stay equal. */
    ContentKey withoutBody() {
        return new ContentKey(from, recipients, minute, subject, "");
    }

    /** "RE: FW: Re:  Gas  prices" → "gas prices". */
    static String subjectCore(String subject) {
        String s = collapse(subject == null ? "" : subject).toLowerCase(Locale.ROOT);
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : List.of("re:", "fw:", "fwd:")) {
                if (s.startsWith(prefix)) {
                    s = s.substring(prefix.length()).strip();
                    stripped = true;
                }
            }
        }
        return s;
    }

    private static String collapse(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
