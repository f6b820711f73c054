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
    void snippetIsShortAndCutAtAWord() {
        String body = "word ".repeat(200);
        String snippet = MessageText.snippet(body);
        assertThat(snippet.length()).isLessThanOrEqualTo(MessageText.SNIPPET_LENGTH + 1);
        assertThat(snippet).endsWith("word…");
        assertThat(MessageText.snippet("short text")).isEqualTo("short text");
    }
}
