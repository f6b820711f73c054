package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.unsilo.capture.SignatureExtractor.Phone;
import org.unsilo.capture.SignatureExtractor.PhoneKind;
import org.unsilo.capture.SignatureExtractor.Signature;

/**
 * Signatures as people write them (shapes taken from real business mail, names and numbers made up;
 * US numbers are in the fictional 555-01xx range, UK ones in Ofcom's drama ranges where libphonenumber
 * accepts them). Most tests are about what must NOT be read: quoted text, disclaimers, other people.
 */
class SignatureExtractorTest {

    private final SignatureExtractor extractor =
            SignatureExtractor.builtIn(new OrganizationInference(FreemailDomains.builtIn()));

    private static EmailAddress address(String address) {
        int at = address.indexOf('@');
        return new EmailAddress(address, address.substring(0, at), address.substring(at + 1), address.substring(at + 1));
    }

    private Optional<Signature> extract(String body, String name, String address) {
        return extractor.extract(body, name, address(address));
    }

    private Signature signature(String body, String name, String address) {
        return extract(body, name, address).orElseThrow(() -> new AssertionError("no signature found in:\n" + body));
    }

    private static List<String> numbers(Signature s) {
        return s.phones().stream().map(Phone::number).toList();
    }

    @Test
    void linesAreSplitAsTheLineBreakRegexWouldSplitThem() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ab \r\n\r\n\u0085\u2028";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            assertThat(SignatureExtractor.lines(text)).as("'%s'", text).containsExactly(text.split("\\r?\\n|\\r", -1));
        }
    }

    @Test
    void usBlockWithLabelsExtensionTitleAndCompany() {
        String body = """
                Phillip,

                Attached are the revised volumes for November. Let me know if the
                Topock numbers look off to you.

                Regards,
                Jane Doe
                Senior Vice President, Gas Origination
                Coral Energy Resources, L.P.
                909 Fannin, Suite 700
                Houston, TX 77010
                Tel: (713) 555-0142 x 1234
                Cell: 713-555-0199
                Fax: (713) 555-0143
                jane.doe@coral-energy.com
                """;
        Signature s = signature(body, "Jane Doe", "jane.doe@coral-energy.com");
        assertThat(s.nameLine()).isEqualTo("Jane Doe");
        assertThat(s.phones()).containsExactly(
                new Phone("+1 713-555-0142 ext. 1234", "+17135550142", PhoneKind.WORK),
                new Phone("+1 713-555-0199", "+17135550199", PhoneKind.MOBILE),
                new Phone("+1 713-555-0143", "+17135550143", PhoneKind.FAX));
        assertThat(s.title()).isEqualTo("Senior Vice President, Gas Origination");
        assertThat(s.company()).isEqualTo("Coral Energy Resources, L.P.");
    }

    @Test
    void ukNumbersUseTheRegionOfTheSendersDomain() {
        String body = """
                Happy to take the call on Thursday.

                Best,
                Oliver Smith
                Head of Trading | Acme Power Ltd
                T: 020 7946 0321
                M: 07911 123456
                """;
        Signature s = signature(body, "Oliver Smith", "oliver.smith@acmepower.co.uk");
        assertThat(s.phones()).containsExactly(
                new Phone("+44 20 7946 0321", "+442079460321", PhoneKind.WORK),
                new Phone("+44 7911 123456", "+447911123456", PhoneKind.MOBILE));
        assertThat(s.title()).isEqualTo("Head of Trading");
        assertThat(s.company()).isEqualTo("Acme Power Ltd");
        // The same national numbers from a .com sender are not valid US numbers and are not guessed at.
        assertThat(signature(body, "Oliver Smith", "oliver.smith@acmepower.com").phones()).isEmpty();
    }

    @Test
    void defaultRegionComesFromTheCountryCodeDomain() {
        assertThat(extractor.defaultRegion("acme.co.uk")).isEqualTo("GB");
        assertThat(extractor.defaultRegion("stadtwerke.de")).isEqualTo("DE");
        assertThat(extractor.defaultRegion("direct.ca")).isEqualTo("CA");
        assertThat(extractor.defaultRegion("energy.ca.gov")).isEqualTo("US");
        assertThat(extractor.defaultRegion("bp.com")).isEqualTo("US");
    }

    @Test
    void addressBuiltFromTheNameAnchorsTheBlockWithoutADisplayName() {
        // Enron's From headers carry no display name: "soblander" is how we know this is Scott Oblander.
        String body = """
                Please send me your Yahoo Instant Messaging ID so we may add you to the list.
                Thanks.
                Scott



                Scott Oblander
                312-555-0115
                312-555-0114 fax
                Carr Futures
                150 S. Wacker
                Suite 1500
                Chicago, IL 60606
                """;
        Signature s = signature(body, null, "soblander@carrfut.com");
        assertThat(s.nameLine()).isEqualTo("Scott Oblander");
        assertThat(s.phones()).extracting(Phone::number, Phone::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("+1 312-555-0115", PhoneKind.NONE),
                org.assertj.core.groups.Tuple.tuple("+1 312-555-0114", PhoneKind.FAX));
        assertThat(s.company()).isEqualTo("Carr Futures");
        assertThat(s.title()).isNull();
    }

    @Test
    void suffixLabelsAndSingleLetterLabels() {
        String body = """
                See you there.

                Sheila Kay Martin
                h) 323-555-0170
                m) 818-555-0171
                w) 818-555-0172
                512-555-0173 office  512-555-0174 fax
                """;
        Signature s = signature(body, "Sheila Martin", "smartin@example-media.com");
        assertThat(s.phones()).extracting(Phone::kind)
                .containsExactly(PhoneKind.HOME, PhoneKind.MOBILE, PhoneKind.WORK, PhoneKind.WORK, PhoneKind.FAX);
    }

    @Test
    void aDisclaimerWithAPhoneNumberIsNotTheSignature() {
        String body = """
                The confirm is attached.

                Sid Karpoff
                (212) 555-0172

                This message contains confidential information and is intended only for the
                individual named. If you have received it in error, call us at (212) 555-0100.
                """;
        Signature s = signature(body, null, "sid.karpoff@ubsw.com");
        assertThat(numbers(s)).containsExactly("+1 212-555-0172");

        // Also when the disclaimer follows the block directly, with no blank line or separator.
        String glued = """
                Sid Karpoff
                (212) 555-0172
                CONFIDENTIALITY NOTICE: questions to the compliance desk, (212) 555-0100
                """;
        assertThat(numbers(signature(glued, null, "sid.karpoff@ubsw.com"))).containsExactly("+1 212-555-0172");
    }

    @Test
    void aQuotedReplyAndItsSignatureAreIgnored() {
        String reply = """
                Sounds good, let's do 10,000/day at Topock.

                Thanks,
                Bob

                -----Original Message-----
                From: Doe, Jane
                Sent: Tuesday, May 15, 2001 9:12 AM
                To: Bob Roe
                Subject: Topock

                Can you do 10,000/day?

                Jane Doe
                Senior Trader
                713-555-0142
                """;
        assertThat(extract(reply, "Bob Roe", "bob.roe@elpaso.com")).isEmpty();
        // Not even the sender's own signature counts when it is only in the quoted part ("> " lines).
        String quotedOwn = """
                Agreed.

                On Tue, May 15, 2001 at 9:12 AM, Bob Roe wrote:
                > Numbers below.
                >
                > Bob Roe
                > Director, Gas Supply
                > 915-555-0161
                """;
        assertThat(extract(quotedOwn, "Bob Roe", "bob.roe@elpaso.com")).isEmpty();
        String forwarded = """
                FYI

                ---------------------- Forwarded by Phillip K Allen/HOU/ECT on 05/15/2001 09:12 AM ---------------------------

                Bob Roe
                915-555-0161
                """;
        assertThat(extract(forwarded, "Bob Roe", "bob.roe@elpaso.com")).isEmpty();
    }

    @Test
    void someoneElsesSignatureOrAPressContactLendsTheSenderNothing() {
        String pressRelease = """
                PROS Revenue Management today announced its new pricing release.

                Contact:
                Sean K. Thompson - Corporate Communications
                713-555-0113
                713-555-0137 - fax
                """;
        assertThat(extract(pressRelease, null, "news@prosrm.com")).isEmpty();

        // A colleague's block directly below the sender's ends the sender's block.
        String twoPeople = """
                Both of us will be at the meeting.

                Jane Doe
                Analyst
                713-555-0142

                John Roe
                Manager
                713-555-0166
                """;
        Signature s = signature(twoPeople, "Jane Doe", "jdoe@acme-energy.com");
        assertThat(numbers(s)).containsExactly("+1 713-555-0142");
        assertThat(s.title()).isEqualTo("Analyst");

        String namedInBlock = """
                Thanks,
                Hank Emery
                Emery Financial Group
                Rocky Emery-Managing Director
                713-555-0124
                """;
        assertThat(extract(namedInBlock, null, "hemery@firstunion1.com")).isEmpty();
    }

    @Test
    void aSentenceMentioningAManagerIsNotATitle() {
        String body = """
                Let me check with my manager and get back to you.

                Bob Roe
                The manager of the desk agreed to the new limits.
                915-555-0161
                """;
        assertThat(extract(body, "Bob Roe", "bob.roe@elpaso.com")).isEmpty();

        assertThat(extractor.titleOf("Please ask your manager", null)).isNull();
        assertThat(extractor.titleOf("I am the project manager here", null)).isNull();
        assertThat(extractor.titleOf("Manager, Green Building Program", null)).isEqualTo("Manager, Green Building Program");
        assertThat(extractor.titleOf("Director, Acme Energy, Inc.", null)).isEqualTo("Director");
        assertThat(extractor.titleOf("Vice President-Investments", null)).isEqualTo("Vice President-Investments");
        assertThat(extractor.titleOf("Clough Capital Partners, LP", null)).isNull();
    }

    @Test
    void numbersInProseAreNotRead() {
        String body = """
                Since Mike will soon be off on vacation, please direct any comments
                or questions to me at 415-555-0113.

                Brian Cragg
                """;
        assertThat(extract(body, "Brian Cragg", "bcragg@gmssr.com")).isEmpty();
    }

    @Test
    void aBareFirstNameCountsOnlyAfterASignOff() {
        assertThat(numbers(signature("See you Wednesday.\n\nThanks, Carey\n614-555-0123\n", "Carey Metz",
                "cmmetz@aep.com"))).containsExactly("+1 614-555-0123");
        assertThat(numbers(signature("See you Wednesday.\n\nRegards,\nCarey\n614-555-0123\n", "Carey Metz",
                "cmmetz@aep.com"))).containsExactly("+1 614-555-0123");
        assertThat(extract("See you Wednesday.\n\nCarey\n614-555-0123\n", "Carey Metz", "cmmetz@aep.com")).isEmpty();
    }

    @Test
    void tollFreeAndAssistantNumbersAreNotThePerson() {
        String body = """
                Regards,
                David L. Shine
                Vice President-Investments
                (713) 555-0196  Direct
                (800) 555-0119  Toll Free
                Assistant: Mary Lee (713) 555-0197
                """;
        Signature s = signature(body, null, "david.shine@ubspw.com");
        assertThat(s.phones()).containsExactly(new Phone("+1 713-555-0196", "+17135550196", PhoneKind.WORK));
        assertThat(s.title()).isEqualTo("Vice President-Investments");
    }

    /**
     * Every captured body passes through the extractor, so it must stay linear: long runs of spaces, huge
     * lines and thousands of header-like lines once made a single 35 KB Enron newsletter cost seconds.
     */
    @Test
    void pathologicalBodiesStayCheap() {
        String spaces = " ".repeat(50_000) + "on 05/10/2001 x\n";
        String longLine = "word ".repeat(20_000) + "\n";
        String manyLines = "On Monday we wrote: nothing / 12:30\n".repeat(2_000) + "\nJane Doe\n713-555-0142\n";
        String noBreaks = "-".repeat(99_999);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            for (int round = 0; round < 5; round++) {
                for (String body : List.of(spaces, longLine, manyLines, noBreaks, spaces + longLine + manyLines)) {
                    extract(body, "Jane Doe", "jane.doe@acme.com");
                }
            }
        });
        assertThat(numbers(signature(manyLines, "Jane Doe", "jane.doe@acme.com"))).containsExactly("+1 713-555-0142");
    }

    @Test
    void nothingToReadIsEmpty() {
        assertThat(extract(null, "Jane Doe", "jane@acme.com")).isEmpty();
        assertThat(extract("", "Jane Doe", "jane@acme.com")).isEmpty();
        assertThat(extract("Thanks!\n\nJane Doe\n", "Jane Doe", "jane@acme.com")).isEmpty();
    }
}
