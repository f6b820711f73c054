package org.unsilo.web;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OIDC sign-ins under way, between the redirect to the provider and its callback: the PKCE verifier, the nonce and
 * where to go afterwards, kept on the server under the {@code state}. Each may be taken once, within
 * {@link #LIFETIME}, and only by the browser holding the matching binding cookie. Memory is enough: a restart
 * merely makes people click the button again. Past {@link #MAX_PENDING} live entries new sign-ins are refused
 * rather than old ones dropped.
 */
final class OidcFlows {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int MAX_PENDING = 10_000;

    /** A sign-in waiting for its callback. */
    record Pending(String provider, String binding, CodeVerifier verifier, Nonce nonce, String next, long expiresAt) {
    }

    /** What the browser is sent off with: the state for the provider and the value of its binding cookie. */
    record Started(State state, String binding, Pending pending) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    OidcFlows(Clock clock) {
        this.clock = clock;
    }

    /** Empty when too many sign-ins are under way. */
    Optional<Started> start(String provider, String binding, String next) {
        long now = clock.millis();
        if (pending.size() >= MAX_PENDING) {
            pending.values().removeIf(p -> p.expiresAt() <= now);
            if (pending.size() >= MAX_PENDING) {
                return Optional.empty();
            }
        }
        State state = new State();
        Pending p = new Pending(provider, binding, new CodeVerifier(), new Nonce(), next, now + LIFETIME.toMillis());
        pending.put(state.getValue(), p);
        return Optional.of(new Started(state, binding, p));
    }

    /** The sign-in for this state, provider and browser, removed whether it matches or not (single use). */
    Optional<Pending> take(String state, String provider, String binding) {
        if (state == null || binding == null) {
            return Optional.empty();
        }
        Pending p = pending.remove(state);
        if (p == null || p.expiresAt() <= clock.millis() || !p.provider().equals(provider)
                || !MessageDigest.isEqual(p.binding().getBytes(StandardCharsets.UTF_8), binding.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(p);
    }
}
