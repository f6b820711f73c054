package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DirectoryTest {

    private final OrganizationInference organizations = new OrganizationInference(FreemailDomains.builtIn());
    private final Directory directory = new Directory(Set.of("unsilo.com", "bp.com", "xn--bcher-kva.de"),
            () -> Set.of("stored.co.uk"), () -> Map.of("ann@staff.example", 1L), Set::of, Map::of, Set::of,
            organizations, Clock.systemUTC());

    @Test
    void aDomainIsInternalWhenItsRegistrableDomainIsTheCompanys() {
        for (String internal : List.of("unsilo.com", "mail.unsilo.com", "a.b.bp.com", "stored.co.uk", "x.stored.co.uk",
                "staff.example", "eu.staff.example", "xn--bcher-kva.de", "shop.xn--bcher-kva.de")) {
            assertThat(directory.isInternalDomain(internal)).as(internal).isTrue();
        }
    }

    @Test
    void aDomainEndingInNoCompanyDomainIsNotInternal() {
        for (String external : List.of("notbp.com", "bp.com.evil.example", "unsilo.co", "co.uk", "other.co.uk",
                "gmail.com", "bp-com.example", "xn--bcher-kva.com", "123.45.67.89")) {
            assertThat(directory.isInternalDomain(external)).as(external).isFalse();
        }
    }

    @Test
    void unusualSpellingsAreAnsweredByTheSuffixList() {
        // Upper case and a final dot: not the normalised form addresses are matched in, so the list decides.
        assertThat(directory.isInternalDomain("Mail.BP.com"))
                .isEqualTo(organizations.registrableDomain("Mail.BP.com").map("bp.com"::equals).orElse(false));
        assertThat(directory.isInternalDomain("mail.unsilo.com."))
                .isEqualTo(organizations.registrableDomain("mail.unsilo.com.").map("unsilo.com"::equals).orElse(false));
        // A public suffix under a company domain is its own registrable domain, not the company's.
        assertThat(directory.isInternalDomain("blogspot.com")).isFalse();
    }
}
