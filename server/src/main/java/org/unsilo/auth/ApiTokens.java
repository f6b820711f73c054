package org.unsilo.auth;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.unsilo.store.Changes;
import org.unsilo.store.Database;
import org.unsilo.store.TokenDao;
import org.unsilo.store.TokenRow;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/**
 * Personal API tokens ({@code uns_…}): 32 random bytes, shown once, stored only as a SHA-256 hash.
 * "Last used" is written at most once a minute per token so that busy add-ins do not turn every
 * read into a database write.
 *
 * <p>Successful authentications are cached in memory for {@link #CACHE_TTL_NANOS} (keyed by the token's hash, never
 * the secret): checking a token took two queries on every request, a noticeable share of a lookup. Failures are
 * not cached, so a token created a moment ago works at once. {@link #revoke} drops the token from this process's
 * cache immediately. <b>With several servers on one database</b>, a token revoked through another server (or the
 * {@code unsilo token} command) stays usable on this one for up to the TTL; the same holds for a user whose status
 * or role is changed by another process. Code in this process that changes a user's status or role must call
 * {@link #invalidateUser}.
 */
public final class ApiTokens implements BearerAuthenticator {

    public static final String PREFIX = "uns_";
    private static final long TOUCH_INTERVAL_MILLIS = 60_000;

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Long> lastTouched = new ConcurrentHashMap<>();

    static final long CACHE_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
    // Far more than the active tokens of a company; past it the cache is simply emptied rather than evicted in order.
    private static final int CACHE_MAX_ENTRIES = 10_000;

    /** A cached successful authentication; the expiry uses System.nanoTime, not the (possibly fixed) injected clock. */
    private record Cached(Principal principal, long expiresAtNanos) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    // Bumped by every invalidation: a database read that started before a revoke must not put its (now stale)
    // answer into the cache after the revoke cleared it.
    private final AtomicLong generation = new AtomicLong();

    public ApiTokens(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A newly issued token: the secret (show it once) and its stored row. */
    public record Issued(String secret, TokenRow row) {
    }

    public Issued create(long userId, String name) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + BaseEncoding.base64Url().omitPadding().encode(bytes);
        String prefix = secret.substring(0, PREFIX.length() + 6);
        long now = clock.millis();
        TokenRow row = db.write(h -> {
            TokenDao dao = h.attach(TokenDao.class);
            long id = dao.insert(userId, name, hash(secret), prefix, now);
            return dao.findById(id).orElseThrow();
        });
        return new Issued(secret, row);
    }

    /** The active user a presented token belongs to; empty for unknown, revoked or departed. */
    @Override
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(presented);
        long nowNanos = System.nanoTime();
        Cached cached = cache.get(hash);
        if (cached != null && nowNanos - cached.expiresAtNanos() < 0) {
            touch(cached.principal().tokenId());
            return Optional.of(cached.principal());
        }
        long seen = generation.get();
        Optional<Principal> principal = db.read(h -> h.attach(TokenDao.class).findByHash(hash)
                .filter(t -> !t.isRevoked())
                .flatMap(t -> h.attach(UserDao.class).findById(t.userId()).filter(UserRow::isActive)
                        .map(u -> new Principal(u, t.id()))));
        if (principal.isPresent()) {
            if (cache.size() >= CACHE_MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(hash, new Cached(principal.get(), nowNanos + CACHE_TTL_NANOS));
            if (generation.get() != seen) {
                // An invalidation ran while we read: our answer may predate it, so do not keep it.
                cache.remove(hash);
            }
            touch(principal.get().tokenId());
        } else if (cached != null) {
            cache.remove(hash, cached);
        }
        return principal;
    }

    /** Forgets cached authentications of one user, e.g. after their status or role changed. */
    public void invalidateUser(long userId) {
        generation.incrementAndGet();
        cache.values().removeIf(c -> c.principal().userId() == userId);
    }

    private void touch(long tokenId) {
        long now = clock.millis();
        Long previous = lastTouched.get(tokenId);
        if (previous == null || now - previous > TOUCH_INTERVAL_MILLIS) {
            lastTouched.put(tokenId, now);
            db.write(Changes.none(), h -> h.attach(TokenDao.class).touch(tokenId, now));
        }
    }

    public boolean revoke(long tokenId) {
        long now = clock.millis();
        boolean revoked = db.write(h -> h.attach(TokenDao.class).revoke(tokenId, now)) == 1;
        // After the commit, so a request that reads the token from now on sees it revoked; a read already under way
        // does not re-cache it (see generation).
        generation.incrementAndGet();
        cache.values().removeIf(c -> c.principal().tokenId() == tokenId);
        return revoked;
    }

    public List<TokenRow> listForUser(long userId) {
        return db.read(h -> h.attach(TokenDao.class).listForUser(userId));
    }

    public Optional<TokenRow> find(long tokenId) {
        return db.read(h -> h.attach(TokenDao.class).findById(tokenId));
    }

    static String hash(String secret) {
        return Hashing.sha256().hashString(secret, StandardCharsets.UTF_8).toString();
    }
}
