package org.unsilo.fuzz;

import java.util.List;
import java.util.Random;

/** Text that breaks naive handling: control characters, NUL, lone surrogates, bidi overrides, huge runs. */
final class HostileText {

    /**
     * Each of these makes a text field invalid: C0 control characters other than tab and line breaks, DEL, lone
     * surrogates. (C1 controls such as U+0085 are odd but legal: mis-decoded real mail carries them.)
     */
    private static final List<String> INVALID = List.of("\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0008",
            "\ud800", "\udfff", "a\ud83d", "\u001f", "\u000b");

    /** Odd but legal: every server must store or refuse these without failing. */
    private static final List<String> ODD = List.of("\u202e", "\u200b", "\ufeff", "e\u0301", "\ud83d\ude00",
            "\u0130", "ß", "Ω", "\u00a0", "\uffff", "\u0085", "\u009b", "\ufffd", "' OR 1=1 --", "\"; DROP TABLE contacts; --", "%s%n%x",
            "${jndi:ldap://x}", "<script>alert(1)</script>", "../../../../etc/passwd", "C:\\Windows\\system32", "\\\\?\\",
            "null", "[]", "{}", "-0", "1e309", "NaN");

    private HostileText() {
    }

    /** A string that no text field may accept. */
    static String invalid(Random r) {
        String bad = INVALID.get(r.nextInt(INVALID.size()));
        return switch (r.nextInt(3)) {
            case 0 -> bad;
            case 1 -> "Name " + bad + " end";
            default -> odd(r) + bad;
        };
    }

    /** Odd but legal text of modest length. */
    static String odd(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            b.append(ODD.get(r.nextInt(ODD.size())));
        }
        return b.toString();
    }

    /** {@code length} characters, mixing ASCII with multi-byte characters. */
    static String huge(Random r, int length) {
        String unit = switch (r.nextInt(3)) {
            case 0 -> "x";
            case 1 -> "é";
            default -> "\ud83d\ude00";
        };
        return unit.repeat(Math.max(1, length / unit.length()));
    }
}
