package org.unsilo.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One official Public Suffix List test vector, {@code checkPublicSuffix('input', 'expected');}, from
 * {@code psl/test_psl.txt}. A {@code null} input or expectation is held as Java {@code null}.
 */
record PublicSuffixCase(int line, String input, String expected) {

    private static final Pattern CALL =
            Pattern.compile("checkPublicSuffix\\((null|'[^']*'),\\s*(null|'[^']*')\\);");

    /**
     * Every active call in the file. A line that is neither blank, a {@code //} comment nor a call
     * fails the test, so a change of format upstream cannot silently shrink the suite.
     */
    static List<PublicSuffixCase> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<PublicSuffixCase> cases = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty() || text.startsWith("//")) {
                continue;
            }
            Matcher m = CALL.matcher(text);
            if (!m.matches()) {
                fail(file + ":" + (i + 1) + " is not a checkPublicSuffix(...) call: " + text);
            }
            cases.add(new PublicSuffixCase(i + 1, literal(m.group(1)), literal(m.group(2))));
        }
        return cases;
    }

    private static String literal(String token) {
        return token.equals("null") ? null : token.substring(1, token.length() - 1);
    }

    /** The expectation as our inference reports it: ASCII (punycode), lower case. */
    String expectedAscii() {
        return expected == null ? null : IDN.toASCII(expected, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "line " + line + ": " + (input == null ? "null" : "'" + input + "'") + " -> "
                + (expected == null ? "none" : "'" + expected + "'");
    }
}
