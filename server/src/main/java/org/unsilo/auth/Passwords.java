package org.unsilo.auth;

import com.google.common.io.BaseEncoding;
import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.store.Database;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/**
 * Web sign-in passwords: Argon2id (password4j) with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane), stored
 * as a PHC string in {@code app_user.password_hash} so the parameters travel with each hash. A check against an
 * unknown or password-less account still runs one Argon2 computation, so timing does not tell which accounts exist.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID, 19);

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    public Passwords(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.dummyHash = unmatchable(random);
    }

    /**
     * A hash in the same format and with the same parameters as every stored one, of random salt and random "hash"
     * bytes, so no password matches it and checking one costs a full Argon2 computation. Made up rather than computed:
     * hashing at construction cost every server start ~0.4 s (bench/RESULTS.md, startup).
     */
    static String unmatchable(SecureRandom random) {
        byte[] salt = new byte[16];
        byte[] hash = new byte[ARGON2.getOutputLength()];
        random.nextBytes(salt);
        random.nextBytes(hash);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        return "$argon2id$v=" + ARGON2.getVersion() + "$m=" + ARGON2.getMemory() + ",t=" + ARGON2.getIterations()
                + ",p=" + ARGON2.getParallelism() + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Sets a user's password after checking its length; audit-logged without the password. */
    public void set(Long actorId, long userId, String password) {
        check(password);
        String hash = hash(password);
        long now = clock.millis();
        db.write(h -> {
            if (h.attach(UserDao.class).setPasswordHash(userId, hash) != 1) {
                throw new InvalidFieldException("user", "user " + userId + " does not exist");
            }
            h.attach(SupportDao.class).audit(actorId, "user.password", "user", Long.toString(userId), null, null, now);
            return null;
        });
    }

    /** A random password (20 characters of base64url, 120 bits) for first starts and admin resets. */
    public String generate() {
        byte[] bytes = new byte[15];
        random.nextBytes(bytes);
        return BaseEncoding.base64Url().omitPadding().encode(bytes);
    }

    /** The active user whose password this is; empty for a wrong password, unknown, password-less or departed user. */
    public Optional<UserRow> verify(Optional<UserRow> user, String password) {
        if (password == null || password.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String stored = user.flatMap(u -> db.read(h -> h.attach(UserDao.class).passwordHash(u.id()))).orElse(null);
        String against = stored != null ? stored : dummyHash;
        boolean ok = Password.check(password, against).with(Argon2Function.getInstanceFromHash(against)) && stored != null;
        return ok ? user.filter(UserRow::isActive) : Optional.empty();
    }

    private static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    private static void check(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidFieldException("password", "a password needs at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new InvalidFieldException("password", "a password has at most " + MAX_LENGTH + " characters");
        }
    }
}
