package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.unsilo.acceptance.AddressPolicy.Treatment;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;

/**
 * Address validation (DESIGN.md §5.1) against the isemail suite: every address is fed to
 * {@link AddressParser} as a bare address and must be treated as {@link AddressPolicy} (= the table in
 * docs/addresses.md) says. Accepted ones must also survive inside a {@code From:}-style header.
 */
@Tag("acceptance")
class IsEmailAcceptanceTest {

    /** Test counts per file, as documented in TESTDATA-SOURCES.md for the pinned upstream commit. */
    private static final Map<String, Integer> SUITES = Map.of(
            "data/addresses/tests.xml", 164,
            "data/addresses/tests-original.xml", 279);

    /** Category → [accepted, rejected], printed after the run. */
    private static final Map<String, int[]> OUTCOMES = new TreeMap<>();

    private final AddressParser strict = AddressParser.strict();
    private final AddressParser observed = AddressParser.forObservedMail();

    @TestFactory
    Stream<DynamicContainer> everyAddressFollowsThePolicy() {
        return SUITES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(suite -> {
            List<IsEmailCase> cases = IsEmailCase.read(SharedData.file(suite.getKey()));
            assertThat(cases).as("tests in %s", suite.getKey()).hasSize(suite.getValue());
            return dynamicContainer(suite.getKey(), cases.stream().map(c -> dynamicTest(c.toString(), () -> check(c))));
        });
    }

    private void check(IsEmailCase c) {
        ParsedParty typed = parse(strict, c);
        record(c.category(), typed.isValid());
        check(strict, c, typed, AddressPolicy.expected(c, false));
        check(observed, c, parse(observed, c), AddressPolicy.expected(c, true));
    }

    // A hostile address must never hang the capture path.
    private static ParsedParty parse(AddressParser parser, IsEmailCase c) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> parser.parse(Party.of(c.address(), null)), () -> "parser did not return for " + c);
    }

    private static void check(AddressParser parser, IsEmailCase c, ParsedParty parsed, Treatment expected) {
        if (expected == Treatment.REJECT) {
            assertThat(parsed.isValid())
                    .withFailMessage("%s should be rejected (%s) but was accepted as %s", c, AddressPolicy.rule(c),
                            parsed.isValid() ? parsed.email().address() : null)
                    .isFalse();
            assertThat(parsed.error()).as("reason for rejecting %s", c).isNotBlank();
            return;
        }
        assertThat(parsed.isValid())
                .withFailMessage("%s should be accepted (%s) but was rejected: %s", c, AddressPolicy.rule(c), parsed.error())
                .isTrue();
        String bare = AddressPolicy.trimBlanks(c.address());
        assertThat(parsed.email().address()).as("normalised %s", c).isEqualTo(bare.toLowerCase(Locale.ROOT));

        // The same address as a client sends it in a header, with a display name.
        ParsedParty header = parser.parse(Party.raw("\"Test Person\" <" + bare + ">"));
        assertThat(header.isValid()).withFailMessage("%s in a header was rejected: %s", c, header.error()).isTrue();
        assertThat(header.email()).as("header form of %s", c).isEqualTo(parsed.email());
        assertThat(header.name()).isEqualTo("Test Person");
    }

    private static synchronized void record(String category, boolean accepted) {
        OUTCOMES.computeIfAbsent(category, k -> new int[2])[accepted ? 0 : 1]++;
    }

    /** Keeps §5.8 honest next to the suite: Enron's "Last, First" names in quoted display names. */
    @Test
    void headerValueWithLastFirstNameParses() {
        ParsedParty p = observed.parse(Party.raw("\"Allen, Phillip K.\" <Phillip.Allen@ENRON.com>"));
        assertThat(p.isValid()).as(p.error()).isTrue();
        assertThat(p.email().address()).isEqualTo("phillip.allen@enron.com");
        assertThat(p.name()).isEqualTo("Phillip K. Allen");
    }

    /** Rule 1 in both directions: Enron's real alias is captured, but nobody can type it into a contact. */
    @Test
    void misplacedDotsOnlyOnObservedMail() {
        assertThat(observed.parse(Party.raw("\"Allen, Phillip K.\" <k..allen@enron.com>")).isValid()).isTrue();
        ParsedParty typed = strict.parse(Party.of("k..allen@enron.com", null));
        assertThat(typed.isValid()).isFalse();
        assertThat(typed.error()).contains("two dots");
    }

    @AfterAll
    static void report() {
        StringBuilder out = new StringBuilder("isemail outcomes per category for typed addresses (accepted / rejected):\n");
        OUTCOMES.forEach((category, n) -> out.append(String.format(Locale.ROOT, "  %-24s %4d / %4d%n", category, n[0], n[1])));
        System.out.print(out);
    }
}
