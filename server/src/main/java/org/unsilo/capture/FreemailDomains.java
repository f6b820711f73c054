package org.unsilo.capture;

import java.util.Set;

/** Consumer mail providers (data file {@code capture/freemail-domains.txt}): no organisation for their users. */
public final class FreemailDomains {

    private final Set<String> domains;

    public FreemailDomains(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    public static FreemailDomains builtIn() {
        return new FreemailDomains(ListResource.lines("/capture/freemail-domains.txt"));
    }

    public boolean contains(String registrableDomain) {
        return domains.contains(registrableDomain);
    }
}
