package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.unsilo.capture.FreemailDomains;
import org.unsilo.capture.OrganizationInference;

/**
 * Organisation inference (DESIGN.md §5.3) against the Public Suffix List's own test vectors: mixed
 * case, leading dots, unlisted TLDs, wildcard and exception rules, private-section rules (uk.com),
 * and IDN in Unicode and punycode. Our inference uses the list bundled with Guava, not the copy in
 * ../shared; the vectors are chosen upstream to be stable across list versions.
 */
@Tag("acceptance")
class PublicSuffixAcceptanceTest {

    /** test_psl.txt has 82 active calls; far fewer means the file or our reading of it is broken. */
    private static final int AT_LEAST = 70;

    private final OrganizationInference inference = new OrganizationInference(FreemailDomains.builtIn());

    @TestFactory
    Stream<DynamicTest> registrableDomainMatchesOfficialVectors() {
        List<PublicSuffixCase> cases = PublicSuffixCase.read(SharedData.file("data/psl/test_psl.txt"));
        assertThat(cases).as("active checkPublicSuffix lines").hasSizeGreaterThan(AT_LEAST);
        return cases.stream().map(c -> dynamicTest(c.toString(), () -> {
            Optional<String> actual = inference.registrableDomain(c.input());
            assertThat(actual).as("registrable domain of %s", c).isEqualTo(Optional.ofNullable(c.expectedAscii()));
        }));
    }
}
