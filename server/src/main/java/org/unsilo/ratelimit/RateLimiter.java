package org.unsilo.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.unsilo.auth.EntraAuthenticator;
import org.unsilo.auth.Principal;
import org.unsilo.config.Config;
import org.unsilo.http.ApiException;

/**
 * The request rate limits: per API credential (a personal token, or the user of an Entra token, which changes every
 * hour) and per client address for requests that carry no valid credential. A request over a limit is refused with
 * {@code 429} and {@code Retry-After}: the whole seconds until the next request would be let through.
 *
 * <p>Requests with a valid credential are not counted per address: a whole office behind one NAT address would
 * otherwise share one bucket.
 */
public final class RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Buckets buckets;
    private final Buckets.Limit perToken;
    private final Buckets.Limit perAddress;

    public RateLimiter(Buckets buckets, Config.RateLimits limits) {
        this.buckets = buckets;
        this.perToken = limits.perToken() == 0 ? null : new Buckets.Limit(limits.perToken(), WINDOW);
        this.perAddress = limits.perAddress() == 0 ? null : new Buckets.Limit(limits.perAddress(), WINDOW);
    }

    /** Counts a request of an authenticated caller; throws 429 when its credential's bucket is empty. */
    public void credential(Principal principal) {
        if (perToken != null) {
            String key = principal.tokenId() != EntraAuthenticator.NO_TOKEN ? "token:" + principal.tokenId() : "user:" + principal.userId();
            take(key, perToken, "for this token");
        }
    }

    /**
     * Counts a request of a user signed in by a token that is not ours (the Gmail add-on's Google ID tokens), on the
     * same budget as a credential of theirs.
     */
    public void user(long userId) {
        if (perToken != null) {
            take("user:" + userId, perToken, "for your account");
        }
    }

    /** Counts a request without a valid credential from {@code ip}; throws 429 when that address's bucket is empty. */
    public void address(String ip) {
        if (perAddress != null) {
            take("ip:" + ip, perAddress, "from your address");
        }
    }

    private void take(String key, Buckets.Limit limit, String whose) {
        ConsumptionProbe probe = buckets.bucket(key, limit).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw tooManyRequests("more than " + limit.amount() + " requests per minute " + whose,
                    probe.getNanosToWaitForRefill());
        }
    }

    /** {@code 429} with {@code Retry-After} in whole seconds, rounded up (at least 1). */
    public static ApiException tooManyRequests(String detail, long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        return new ApiException(429, "Too many requests", detail + "; try again in " + seconds + " s", null,
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
