package org.unsilo.capture;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Knows which domains are the company's (configured ones plus the domains of registered staff,
 * except free-mail), which addresses or domains admins blocked, and which addresses were erased on
 * request (suppressed, known only by {@link #hash}). Snapshots are cached briefly because every
 * capture asks, and refreshed at once when {@link #invalidate()} is called.
 */
public final class Directory {

    private static final long TTL_MILLIS = 10_000;

    private final Set<String> configuredDomains;
    private final Supplier<Map<String, Long>> staffAddresses;
    private final Supplier<Set<String>> blockPatterns;
    private final Supplier<Set<String>> storedDomains;
    private final Supplier<Map<Long, Set<String>>> neverCapture;
    private final Supplier<Set<String>> suppressedHashes;
    private final OrganizationInference organizations;
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(Set<String> internalDomains, Map<String, Long> staff, Set<String> blocked,
                            Map<Long, Set<String>> neverCapture, Set<String> suppressed, long loadedAt) {
    }

    /**
     * @param storedDomains internal domains admins added at run time (web view), on top of the configured ones
     * @param neverCapture per staff member, the domains they chose never to capture (web view settings)
     * @param suppressedHashes hashes ({@link #hash}) of the addresses of people erased on request
     */
    public Directory(Set<String> configuredDomains, Supplier<Set<String>> storedDomains, Supplier<Map<String, Long>> staffAddresses,
                     Supplier<Set<String>> blockPatterns, Supplier<Map<Long, Set<String>>> neverCapture,
                     Supplier<Set<String>> suppressedHashes,
                     OrganizationInference organizations, Clock clock) {
        this.configuredDomains = Set.copyOf(configuredDomains);
        this.storedDomains = storedDomains;
        this.staffAddresses = staffAddresses;
        this.blockPatterns = blockPatterns;
        this.neverCapture = neverCapture;
        this.suppressedHashes = suppressedHashes;
        this.organizations = organizations;
        this.clock = clock;
    }

    public boolean isInternalDomain(String domain) {
        Set<String> internal = current().internalDomains;
        if (internal.contains(domain)) {
            return true;
        }
        if (endsInNone(domain, internal)) {
            return false;
        }
        return organizations.registrableDomain(domain).map(internal::contains).orElse(false);
    }

    /**
     * Whether a plain domain (lower-case ASCII letters, digits, dots and hyphens, no punycode, no final dot) ends in
     * none of {@code domains}: then its registrable domain, one of its endings, is none of them either, known without
     * the suffix list. Lookups ask this for every address, and nearly all of them end in no company domain.
     */
    private static boolean endsInNone(String domain, Set<String> domains) {
        if (domain.isEmpty() || domain.endsWith(".") || domain.contains("xn--")) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                return false;
            }
        }
        for (String d : domains) {
            int dot = domain.length() - d.length() - 1;
            if (dot >= 0 && domain.endsWith(d) && domain.charAt(dot) == '.') {
                return false;
            }
        }
        return true;
    }

    public boolean isBlocked(EmailAddress address) {
        Set<String> blocked = current().blocked;
        return blocked.contains(address.address()) || blocked.contains(address.domain())
                || organizations.registrableDomain(address.domain()).map(blocked::contains).orElse(false);
    }

    /**
     * The staff member who sends from this address. Answered from the snapshot, which {@link #invalidate()} drops
     * whenever an account or alias is added, so a capture never needs a query to tell staff from contacts.
     */
    public Optional<Long> staffMember(String address) {
        return Optional.ofNullable(current().staff.get(address));
    }

    /** Whether {@code userId} chose never to capture mail with this address's domain (or its registrable domain). */
    public boolean isNeverCaptured(long userId, EmailAddress address) {
        Set<String> domains = current().neverCapture.getOrDefault(userId, Set.of());
        return !domains.isEmpty() && (domains.contains(address.domain())
                || organizations.registrableDomain(address.domain()).map(domains::contains).orElse(false));
    }

    /** A staff member's address or one at a company domain: someone inside the company. */
    public boolean isInternal(EmailAddress address) {
        return current().staff.containsKey(address.address()) || isInternalDomain(address.domain());
    }

    /** The address of a person erased on request: it must not become a contact or a party again. */
    public boolean isSuppressed(EmailAddress address) {
        Set<String> suppressed = current().suppressed;
        return !suppressed.isEmpty() && suppressed.contains(hash(address.address()));
    }

    /** How a suppressed address is stored and recognised: SHA-256 (hex) of the normalised address. */
    public static String hash(String normalisedAddress) {
        return Hashing.sha256().hashString(normalisedAddress, StandardCharsets.UTF_8).toString();
    }

    public void invalidate() {
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = clock.millis();
        return s != null && now - s.loadedAt <= TTL_MILLIS ? s : load(now);
    }

    /**
     * One load at a time: callers that find the snapshot stale while another loads it wait for that load instead of
     * reading the same tables again. Every capture asks, often dozens at once, and each load is several queries on the
     * read pool.
     */
    private synchronized Snapshot load(long now) {
        Snapshot s = snapshot;
        if (s == null || now - s.loadedAt > TTL_MILLIS) {
            Map<String, Long> staff = Map.copyOf(staffAddresses.get());
            Set<String> staffDomains = staff.keySet().stream()
                    .map(a -> a.substring(a.lastIndexOf('@') + 1))
                    .map(d -> organizations.organizationDomain(d).orElse(null))
                    .filter(d -> d != null)
                    .collect(Collectors.toSet());
            staffDomains.addAll(configuredDomains);
            staffDomains.addAll(storedDomains.get());
            s = new Snapshot(Set.copyOf(staffDomains), staff, Set.copyOf(blockPatterns.get()),
                    Map.copyOf(neverCapture.get()), Set.copyOf(suppressedHashes.get()), now);
            snapshot = s;
        }
        return s;
    }
}
