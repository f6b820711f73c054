package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageTextTest {

    @Test
    void subjectLosesEveryReplyAndForwardPrefix() {
        assertThat(MessageText.normaliseSubject("RE: Fw: re[2]: AW:  Gas   Deal ")).isEqualTo("gas deal");
        assertThat(MessageText.normaliseSubject("Fwd:Re:Q3 numbers")).isEqualTo("q3 numbers");
        assertThat(MessageText.normaliseSubject("Reply needed")).isEqualTo("reply needed");
        assertThat(MessageText.normaliseSubject(null)).isEmpty();
    }

    @Test
    void bodyComparisonIgnoresWhitespaceAndMboxEscapes() {
        assertThat(MessageText.normaliseBody("Hello\r\n>From the desk\n\n  bye"))
                .isEqualTo(MessageText.normaliseBody("Hello\nFrom the desk bye"));
        assertThat(MessageText.normaliseBody(">>From here")).isEqualTo(">From here");
    }

    @Test
    void oneCollapsingPassEqualsTheRegex() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = " \t\n\u000B\f\r\u0000\u001Fa>From \u00A0\u2028é";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(60); k > 0; k--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertThat(MessageText.collapseWhitespace(s).trim()).as("'%s'", s).isEqualTo(s.replaceAll("\\s+", " ").trim());
            assertThat(MessageText.normaliseBody(s)).isEqualTo(
                    s.replaceAll("(?m)^>(>*From )", "$1").replaceAll("\\s+", " ").trim());
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
