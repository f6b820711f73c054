package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parser remembers addresses it has checked (the same ones come back capture after capture): a remembered
 * answer must be the answer a fresh check gives, the display name must still be each party's own, and an over-long
 * text is checked every time rather than kept.
 */
class AddressParserTest {

    private static final List<Party> PARTIES = List.of(
            Party.of("Phillip.Allen@ENRON.com", "Allen, Phillip K."),
            Party.of("phillip.allen@enron.com", "Phillip Allen"),
            Party.raw("\"Smith, John\" <john.smith@mail.bp.com>"),
            Party.raw("Someone Else <JOHN.SMITH@mail.bp.com>"),
            Party.of("info@xn--mller-kva.de", null),
            Party.of("info@müller.de", "Müller"),
            Party.of("no-at-sign", "Broken"),
            Party.of("a@b@c", null),
            Party.of("x".repeat(300) + "@example.com", null),
            Party.raw("a@example.com, b@example.com"),
            Party.raw("Undisclosed recipients:;"),
            Party.raw("<not an address"),
            Party.raw("\"" + "N".repeat(600) + "\" <n@example.com>"),
            Party.raw("Someone Else <JOHN.SMITH@mail.bp.com>"));

    @Test
    void aRememberedAnswerIsTheFreshOneWithEachPartysOwnName() {
        AddressParser remembering = AddressParser.forObservedMail();
        for (Party party : PARTIES) {
            remembering.parse(party);
        }
        for (Party party : PARTIES) {
            ParsedParty again = remembering.parse(party);
            ParsedParty fresh = AddressParser.forObservedMail().parse(party);
            assertThat(again).as(party.toString()).isEqualTo(fresh);
        }
        assertThat(remembering.parse(PARTIES.get(0)).name()).isNotEqualTo(remembering.parse(PARTIES.get(1)).name());
        assertThat(remembering.parse(PARTIES.get(0)).email()).isEqualTo(remembering.parse(PARTIES.get(1)).email());
        assertThat(remembering.parse(PARTIES.get(4)).email()).isEqualTo(remembering.parse(PARTIES.get(5)).email());
        assertThat(remembering.parse(PARTIES.get(8)).error()).contains("longer than");
    }

    @Test
    void strictAndObservedMailRulesStayApart() {
        Party misplacedDot = Party.of("john..smith@example.com", null);
        AddressParser observed = AddressParser.forObservedMail();
        AddressParser strict = AddressParser.strict();
        assertThat(observed.parse(misplacedDot).isValid()).isNotEqualTo(strict.parse(misplacedDot).isValid());
        assertThat(observed.parse(misplacedDot).isValid()).isNotEqualTo(strict.parse(misplacedDot).isValid());
    }
}
