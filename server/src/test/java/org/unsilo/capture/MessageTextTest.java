package org.unsilo.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import org.junit.jupiter.api.Test;

class MessageTextTest {

    @Test
    void subjectLosesEveryReplyAndForwardPrefix() {
        assertThat(MessageText.normaliseSubject("RE: Fw: re[2]: AW:  Gas   Deal ")).isEqualTo("gas deal");
        assertThat(MessageText.normaliseSubject("Fwd:Re:Q3 numbers")).isEqualTo("q3 numbers");
        assertThat(MessageText.normaliseSubject("Reply needed")).isEqualTo("reply needed");
        assertThat(MessageText.normaliseSubject(null)).isEmpty();
    }

    /** The definition the content fingerprints of stored messages were made with (DESIGN.md §5.5). */
    private static String normalised(String body) {
        return body.replaceAll("(?m)^>(>*From )", "$1").replaceAll("\\s+", " ").trim();
    }

    private static String snippetOf(String normalised) {
        if (normalised.length() <= MessageText.SNIPPET_LENGTH) {
            return normalised;
        }
        int cut = normalised.lastIndexOf(' ', MessageText.SNIPPET_LENGTH);
        return normalised.substring(0, cut > MessageText.SNIPPET_LENGTH / 2 ? cut : MessageText.SNIPPET_LENGTH) + "…";
    }

    @Test
    void bodyComparisonIgnoresWhitespaceAndMboxEscapes() {
        assertThat(MessageText.digest("Hello\r\n>From the desk\n\n  bye").sha256())
                .isEqualTo(MessageText.digest("Hello\nFrom the desk bye").sha256());
        assertThat(MessageText.digest(">>From here").sha256()).isEqualTo(Hashing.sha256().hashString(">From here", UTF_8).toString());
        assertThat(MessageText.digest(null)).isEqualTo(MessageText.digest(" \r\n"));
        assertThat(MessageText.digest(null).sha256()).isEqualTo(Hashing.sha256().hashString("", UTF_8).toString());
    }

    @Test
    void digestAndSnippetEqualTheRegexDefinition() {
        java.util.Random random = new java.util.Random(42);
        // Whitespace, controls that trim() removes but \s does not match, mbox escapes, non-Latin-1, a lone surrogate.
        String alphabet = " \t\n\u000B\f\r\u0000\u001Fa>From \u00A0\u2028é€\uD83D\uDE00\uD800";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(i % 10 == 0 ? 600 : 60); k > 0; k--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            String expected = normalised(s);
            MessageText.Digest digest = MessageText.digest(s);
            assertThat(digest.sha256()).as("'%s'", s).isEqualTo(Hashing.sha256().hashString(expected, UTF_8).toString());
            assertThat(digest.snippet()).as("'%s'", s).isEqualTo(snippetOf(expected));
            assertThat(MessageText.snippet(s)).isEqualTo(snippetOf(expected));
        }
    }

    @Test
    void snippetIsShortAndCutAtAWord() {
        String body = "word ".repeat(200);
        String snippet = MessageText.snippet(body);
        assertThat(snippet.length()).isLessThanOrEqualTo(MessageText.SNIPPET_LENGTH + 1);
        assertThat(snippet).endsWith("word…");
        assertThat(MessageText.snippet("short text")).isEqualTo("short text");
    }
}
