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
import org.unsilo.store.Database;
import org.unsilo.store.TokenDao;
import org.unsilo.store.TokenRow;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/**
 * Personal API tokens ({@code uns_…}): 32 random bytes, shown once, stored only as a SHA-256 hash.
 * "Last used" is written at most once a minute per token so that busy add-ins do not turn every
 * read into a database write.
 */
public final class ApiTokens {

    public static final String PREFIX = "uns_";
    private static final long TOUCH_INTERVAL_MILLIS = 60_000;

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Long> lastTouched = new ConcurrentHashMap<>();

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
    public Optional<Principal> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(presented);
        Optional<Principal> principal = db.read(h -> h.attach(TokenDao.class).findByHash(hash)
                .filter(t -> !t.isRevoked())
                .flatMap(t -> h.attach(UserDao.class).findById(t.userId()).filter(UserRow::isActive)
                        .map(u -> new Principal(u, t.id()))));
        principal.ifPresent(p -> touch(p.tokenId()));
        return principal;
    }

    private void touch(long tokenId) {
        long now = clock.millis();
        Long previous = lastTouched.get(tokenId);
        if (previous == null || now - previous > TOUCH_INTERVAL_MILLIS) {
            lastTouched.put(tokenId, now);
            db.write(h -> h.attach(TokenDao.class).touch(tokenId, now));
        }
    }

    public boolean revoke(long tokenId) {
        long now = clock.millis();
        return db.write(h -> h.attach(TokenDao.class).revoke(tokenId, now)) == 1;
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
