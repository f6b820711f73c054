package org.unsilo.importer.contacts;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Small text helpers shared by the vCard and CSV readers. */
final class Text {

    static final int MAX_NAME = 200;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    static final int MAX_FIELD = 300;

    private Text() {
    }

    /** Trimmed, inner whitespace collapsed, control characters gone; null when nothing is left. */
    static String clean(String s, int max) {
        if (s == null) {
            return null;
        }
        String t = SPACES.matcher(CONTROL.matcher(s).replaceAll("").strip()).replaceAll(" ");
        if (t.isEmpty()) {
            return null;
        }
        return t.length() > max ? t.substring(0, max) : t;
    }

    /**
     * A display name as the address book formats it. It is not re-ordered ("Doe, John" stays): an
     * address book's formatted name is what its owner chose. A "name" that is an e-mail address is none.
     */
    static String name(String s) {
        String t = clean(s, MAX_NAME);
        if (t == null) {
            return null;
        }
        while (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t.isEmpty() || t.contains("@") ? null : t;
    }

    /** Given, middle and family name joined with single spaces, or null when all are empty. */
    static String joinName(String... parts) {
        List<String> nonEmpty = new ArrayList<>();
        for (String p : parts) {
            String c = clean(p, MAX_NAME);
            if (c != null) {
                nonEmpty.add(c);
            }
        }
        return nonEmpty.isEmpty() ? null : name(String.join(" ", nonEmpty));
    }

    static List<String> distinct(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            String c = clean(v, MAX_FIELD);
            if (c != null) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Repairs a quoted-printable value that named no CHARSET. ez-vcard is told to decode those bytes as
     * ISO-8859-1, which keeps every byte as one char; here they become UTF-8 when they are valid UTF-8
     * (Android and most modern writers) and Windows-1252 otherwise (Outlook, The Bat!). A legacy
     * Central-European byte such as The Bat!'s 0xF1 (ISO-8859-2 'ń') cannot be told from Windows-1252
     * 'ñ' without knowing the language, so it is read as the latter.
     */
    static String repairUndeclaredQuotedPrintable(String s) {
        if (s == null) {
            return null;
        }
        byte[] bytes = new byte[s.length()];
        boolean high = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return s;
            }
            high |= c >= 0x80;
            bytes[i] = (byte) c;
        }
        if (!high) {
            return s;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, FileScan.WINDOWS_1252);
        }
    }
}
