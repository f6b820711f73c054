package org.unsilo.importer.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;

class MessageParserTest {

    private final MessageParser parser = new MessageParser();
    private final AddressParser addresses = AddressParser.forObservedMail();

    private ParsedParty party(Party p) {
        return addresses.parse(p);
    }

    @Test
    void decodesEncodedWordsAndFoldedHeaders() throws Exception {
        ParsedMessage m = parser.parse(Fixtures.bytes("eml/encoded.eml"));

        assertThat(m.subject()).isEqualTo("Überweisung für Jörg");
        assertThat(m.messageId()).isEqualTo("<enc1@example.de>");
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2024-03-01T11:00:00Z"));
        ParsedParty from = party(m.from());
        assertThat(from.email().address()).isEqualTo("joerg@example.de");
        assertThat(from.name()).isEqualTo("Jörg Müller");
        // The folded To header holds two addresses; the second has an encoded display name.
        assertThat(m.to()).hasSize(2);
        assertThat(party(m.to().get(1)).email().address()).isEqualTo("elodie@example.fr");
        assertThat(party(m.to().get(1)).name()).isEqualTo("Élodie Dupont");
        assertThat(m.bodyText()).isEqualTo("Grüße aus Köln.\n");
    }

    @Test
    void unknownCharsetFallsBackToWindows1252() throws Exception {
        ParsedMessage m = parser.parse(Fixtures.bytes("eml/broken-charset.eml"));
        assertThat(m.bodyText()).contains("Café crème, s'il vous plaît.");
    }

    @Test
    void htmlOnlyMessageBecomesText() throws Exception {
        ParsedMessage m = parser.parse(Fixtures.bytes("eml/html-only.eml"));
        assertThat(m.bodyText()).isEqualTo("Hello world, this is HTML.");
        assertThat(party(m.from()).name()).isEqualTo("News Desk");
    }

    @Test
    void plainTextAlternativeIsPreferredAndEmptyGroupsAddNobody() throws Exception {
        ParsedMessage m = parser.parse(Fixtures.bytes("eml/multipart.eml"));
        assertThat(m.bodyText()).isEqualTo("the plain version");
        assertThat(m.cc()).isEmpty();
    }

    @Test
    void messageWithoutSenderIsRefusedWithAReason() {
        assertThatThrownBy(() -> parser.parse(Fixtures.bytes("eml/malformed.eml")))
                .isInstanceOf(MessageParser.UnreadableMessageException.class)
                .hasMessageContaining("no From header")
                .satisfies(e -> assertThat(((MessageParser.UnreadableMessageException) e).category()).isEqualTo("no sender"));
    }

    @Test
    void cmuDisplayNameFillsAnEmptyFromName() throws Exception {
        ParsedMessage m = parser.parse(Fixtures.bytes("cmu/alice-a/sent/1."));
        ParsedParty from = party(m.from());
        assertThat(from.email().address()).isEqualTo("alice.smith@acme-energy.com");
        assertThat(from.name()).isEqualTo("Alice Smith");
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2001-05-14T23:39:00Z"));
    }

    @Test
    void mboxEnvelopeLineOfASavedMessageIsNotAHeader() throws Exception {
        String raw = "From someone@example.org Sat Jan  3 01:05:34 1996\n"
                + "From: someone@example.org\nTo: you@example.org\nSubject: hi\nDate: Sat, 03 Jan 1996 01:05:34 +0000\n\nbody\n";
        ParsedMessage m = parser.parse(raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(party(m.from()).email().address()).isEqualTo("someone@example.org");
        assertThat(m.subject()).isEqualTo("hi");
    }

    @Test
    void repeatedHeadersAreAllRead() throws Exception {
        String raw = "From: a@example.org\nTo: b@example.org\nCc: c@example.org\nCC: d@example.org\ncc: e@example.org\n"
                + "Subject: three Cc headers\n\nbody\n";
        ParsedMessage m = parser.parse(raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.cc()).extracting(p -> party(p).email().address())
                .containsExactly("c@example.org", "d@example.org", "e@example.org");
    }

    @Test
    void missingDateFallsBackToTheReceivedHeader() throws Exception {
        String raw = "Received: from mx.example.org by mail.example.org; Tue, 2 Jan 2024 10:00:00 +0000\n"
                + "From: a@example.org\nSubject: no date\n\nbody\n";
        ParsedMessage m = parser.parse(raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2024-01-02T10:00:00Z"));
    }

    @Test
    void listHeadersAreKeptForTheCapturePath() throws Exception {
        String raw = "From: news@lists.example.org\nTo: you@example.org\nList-Id: <news.lists.example.org>\n"
                + "Precedence: bulk\nIn-Reply-To: <a@b>\nSubject: digest\n\nbody\n";
        ParsedMessage m = parser.parse(raw.getBytes(StandardCharsets.US_ASCII));
        assertThat(m.headers()).containsEntry("List-Id", "<news.lists.example.org>").containsEntry("Precedence", "bulk")
                .containsEntry("In-Reply-To", "<a@b>");
    }

    @Test
    void decodeFallbacks() {
        byte[] utf8 = "Grüße".getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "Grüße".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(MessageParser.decode(utf8, null)).isEqualTo("Grüße");
        assertThat(MessageParser.decode(latin1, null)).isEqualTo("Grüße");
        assertThat(MessageParser.decode(latin1, "us-ascii")).isEqualTo("Grüße");
        assertThat(MessageParser.decode(latin1, "iso-8859-1")).isEqualTo("Grüße");
        assertThat(MessageParser.decode(utf8, "unknown-8bit")).isEqualTo("Grüße");
    }
}
