package org.unsilo.auth;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer authentication with an Entra ID access token: verified by {@link EntraTokenVerifier}, mapped to a staff
 * account by {@link ExternalIdentities} (provider {@code entra}). Personal API tokens ({@code uns_…}) are left to
 * {@link ApiTokens}.
 *
 * <p>A pane sends the same token with every call for up to an hour; mapping it writes "last seen", so successful
 * mappings are kept for 30 seconds (keyed by the token's hash, like API tokens).
 */
public final class EntraAuthenticator implements BearerAuthenticator {

    /** A user-level principal has no API token behind it. */
    public static final long NO_TOKEN = 0;

    private final EntraTokenVerifier verifier;
    private final ExternalIdentities identities;
    private final Set<String> provisionDomains;
    private final Cache<String, Principal> recent = CacheBuilder.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30)).maximumSize(10_000).build();

    public EntraAuthenticator(EntraTokenVerifier verifier, ExternalIdentities identities, Set<String> provisionDomains) {
        this.verifier = verifier;
        this.identities = identities;
        this.provisionDomains = Set.copyOf(provisionDomains);
    }

    @Override
    public Optional<Principal> authenticate(String credential) {
        if (credential == null || credential.startsWith(ApiTokens.PREFIX) || credential.length() > 16_384) {
            return Optional.empty();
        }
        String key = Hashing.sha256().hashString(credential, StandardCharsets.UTF_8).toString();
        Principal cached = recent.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Principal> principal = verifier.verify(credential)
                .flatMap(identity -> identities.resolve(identity, provisionDomains))
                .map(user -> new Principal(user, NO_TOKEN));
        principal.ifPresent(p -> recent.put(key, p));
        return principal;
    }
}
