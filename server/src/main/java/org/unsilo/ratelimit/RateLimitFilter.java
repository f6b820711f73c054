package org.unsilo.ratelimit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.unsilo.auth.Principal;
import org.unsilo.http.ForwardedHeaders;
import org.unsilo.http.Requests;

/**
 * Applies {@link RateLimiter} to requests: the API and {@code /metrics} per credential (register after the
 * authentication filter, which sets the caller), and per client address the entry points that anyone may call
 * without a credential of ours: the Outlook pane's files, web sign-in with Entra ID or Google and the mailbox OAuth
 * callbacks. Sign-in with a password has its own, stricter limits ({@code LoginLimiter}); {@code /health} and
 * {@code /ready} none, for load balancers. The Gmail add-on counts in its handlers, once Google's tokens say who
 * is calling: Google sends every user's requests from its own few addresses.
 */
public final class RateLimitFilter {

    private static final List<String> PER_ADDRESS = List.of("/addin/*", "/login/oidc/*", "/oauth/*");

    private final RateLimiter limiter;

    public RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public void register(RoutesConfig routes) {
        routes.before("/api/*", this::perCaller);
        routes.before("/metrics", this::perCaller);
        PER_ADDRESS.forEach(path -> routes.before(path, this::perAddress));
    }

    private void perCaller(Context ctx) {
        Principal principal = ctx.attribute(Requests.PRINCIPAL);
        if (principal == null) {
            perAddress(ctx);
        } else {
            limiter.credential(principal);
        }
    }

    /** Also what the authentication filter calls for a request without a valid credential. */
    public void perAddress(Context ctx) {
        limiter.address(ForwardedHeaders.caller(ctx).ip());
    }
}
