package org.unsilo.importer.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxReaderTest {

    @TempDir
    Path dir;

    private static List<MboxReader.Message> readAll(Path file, long from, int max) throws Exception {
        List<MboxReader.Message> out = new ArrayList<>();
        try (MboxReader r = new MboxReader(file, from, max)) {
            MboxReader.Message m;
            while ((m = r.next()) != null) {
                out.add(m);
            }
        }
        return out;
    }

    private static String text(MboxReader.Message m) {
        return new String(m.raw(), StandardCharsets.UTF_8);
    }

    @Test
    void splitsOnFromLinesAfterABlankLineAndUnquotesFromLines() throws Exception {
        Path mbox = Fixtures.path("mbox/archive.mbox");
        List<MboxReader.Message> messages = readAll(mbox, 0, 1 << 20);

        assertThat(messages).hasSize(3);
        String first = text(messages.get(0));
        assertThat(first).startsWith("Message-ID: <mb1@x>\n")
                .contains("\nFrom the start of this line, it was quoted.\n")
                .contains("\n>From quoted twice.\n")
                .contains("\nFrom here on no blank line before, so not a new message.\n")
                // The blank line that separates messages is not part of the message.
                .endsWith("so not a new message.\n");
        assertThat(text(messages.get(1))).startsWith("Message-ID: <mb2@x>\n").endsWith("Second message.\n");
        assertThat(text(messages.get(2))).startsWith("Message-ID: <mb3@x>\n").endsWith("Third message, last in the file.\n");
        assertThat(messages.get(2).end()).isEqualTo(Files.size(mbox));
    }

    @Test
    void resumesAtTheOffsetWhereTheNextMessageStarts() throws Exception {
        Path mbox = Fixtures.path("mbox/archive.mbox");
        List<MboxReader.Message> all = readAll(mbox, 0, 1 << 20);
        long offset = all.get(0).end();
        try (MboxReader r = new MboxReader(mbox, offset, 1 << 20)) {
            assertThat(r.atMessageBoundary()).isTrue();
        }
        List<MboxReader.Message> rest = readAll(mbox, offset, 1 << 20);
        assertThat(rest).hasSize(2);
        assertThat(rest.get(0).raw()).isEqualTo(all.get(1).raw());
        assertThat(rest.get(0).start()).isEqualTo(offset);
        try (MboxReader r = new MboxReader(mbox, offset + 3, 1 << 20)) {
            assertThat(r.atMessageBoundary()).isFalse();
        }
    }

    @Test
    void messagesOverTheLimitAreSkippedWithoutBuffering() throws Exception {
        Path mbox = dir.resolve("big.mbox");
        StringBuilder sb = new StringBuilder("From a@example.org Mon Jan  1 00:00:00 2024\nFrom: a@example.org\n\n");
        sb.append("x".repeat(5000)).append("\n\nFrom b@example.org Mon Jan  1 00:00:00 2024\nFrom: b@example.org\n\nsmall\n");
        Files.writeString(mbox, sb.toString());

        List<MboxReader.Message> messages = readAll(mbox, 0, 1000);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).tooLarge()).isTrue();
        assertThat(messages.get(0).size()).isGreaterThan(5000);
        assertThat(text(messages.get(1))).isEqualTo("From: b@example.org\n\nsmall\n");
    }

    @Test
    void crlfMailboxesAndTextBeforeTheFirstEnvelope() throws Exception {
        Path mbox = dir.resolve("crlf.mbox");
        Files.writeString(mbox, "stray text\r\n\r\nFrom a@example.org Mon Jan  1 00:00:00 2024\r\nFrom: a@example.org\r\n\r\nbody\r\n\r\n"
                + "From b@example.org Mon Jan  1 00:00:00 2024\r\nFrom: b@example.org\r\n\r\nbody b\r\n");
        List<MboxReader.Message> messages = readAll(mbox, 0, 1 << 20);
        assertThat(messages).extracting(MboxReaderTest::text)
                .containsExactly("stray text\r\n", "From: a@example.org\r\n\r\nbody\r\n", "From: b@example.org\r\n\r\nbody b\r\n");
    }
}
