package org.unsilo.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.base.Splitter;
import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Infers the organisation domain of an address from its registrable domain, using the Public
 * Suffix List shipped with Guava: {@code mail.bp.com} gives {@code bp.com}, {@code foo.co.uk}
 * gives {@code foo.co.uk}. Domains under no listed suffix follow the PSL's default {@code *} rule.
 */
public final class OrganizationInference {

    /** Domains remembered; the addresses a company meets come from far fewer domains than this. */
    private static final int REMEMBERED_DOMAINS = 50_000;

    private final FreemailDomains freemail;
    // The answer for a domain never changes, and working it out (IDN, public suffix list) was a noticeable share of a
    // lookup, which asks for every address.
    private final Cache<String, Optional<String>> registrable = Caffeine.newBuilder()
            .maximumSize(REMEMBERED_DOMAINS).executor(Runnable::run).build();

    public OrganizationInference(FreemailDomains freemail) {
        this.freemail = freemail;
    }

    /** The registrable domain ("eTLD+1") in ASCII, or empty for public suffixes and invalid names. */
    public Optional<String> registrableDomain(String domain) {
        if (domain == null || domain.isEmpty() || domain.startsWith(".") || domain.startsWith("[")) {
            return Optional.empty();
        }
        Optional<String> known = registrable.getIfPresent(domain);
        if (known == null) {
            known = computeRegistrableDomain(domain);
            registrable.put(domain, known);
        }
        return known;
    }

    private static Optional<String> computeRegistrableDomain(String domain) {
        String unicode;
        InternetDomainName name;
        try {
            // Guava's list holds IDN suffixes in Unicode, so punycode input is matched in that form.
            unicode = IDN.toUnicode(domain.toLowerCase(Locale.ROOT), IDN.ALLOW_UNASSIGNED);
            name = InternetDomainName.from(unicode);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (name.isPublicSuffix()) {
            return Optional.empty();
        }
        String registrable;
        if (name.isUnderPublicSuffix()) {
            registrable = name.topPrivateDomain().toString();
        } else if (!name.hasPublicSuffix() && name.parts().size() >= 2) {
            List<String> parts = name.parts();
            registrable = parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
        } else {
            return Optional.empty();
        }
        return Optional.of(IDN.toASCII(registrable, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
    }

    /** The organisation domain for an address's domain, or empty for free-mail and unusable domains. */
    public Optional<String> organizationDomain(String domain) {
        return registrableDomain(domain).filter(d -> !freemail.contains(d));
    }

    /** A readable default name for an organisation known only by its domain: {@code coral-energy.com} → "Coral Energy". */
    public static String nameFromDomain(String domain) {
        String label = IDN.toUnicode(Splitter.on('.').split(domain).iterator().next(), IDN.ALLOW_UNASSIGNED);
        if (label.length() <= 3) {
            return label.toUpperCase(Locale.ROOT);
        }
        StringBuilder out = new StringBuilder();
        for (String word : Splitter.on('-').omitEmptyStrings().split(label)) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }
}
