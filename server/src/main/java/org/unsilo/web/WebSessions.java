package org.unsilo.web;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.store.Changes;
import org.unsilo.store.Database;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;
import org.unsilo.store.WebSessionDao;
import org.unsilo.store.WebSessionRow;

/**
 * Server-side web sessions. The browser holds 32 random bytes; the table holds their SHA-256 hash, the user and a
 * per-session CSRF token, and another table the one-time form keys it has sent ({@link OnceForms}), which end with
 * it. A session ends after {@link #IDLE} without a request or {@link #LIFETIME} in all, at logout, and when its user
 * departs. "Last seen" is written at most once a minute.
 */
public final class WebSessions {

    static final Duration IDLE = Duration.ofHours(12);
    static final Duration LIFETIME = Duration.ofDays(7);
    private static final long TOUCH_INTERVAL_MILLIS = 60_000;

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final Database db;
    private final Clock clock;
    private final ActivityRecorder activity;
    private final SecureRandom random = new SecureRandom();

    public WebSessions(Database db, Clock clock, ActivityRecorder activity) {
        this.db = db;
        this.clock = clock;
        this.activity = activity;
    }

    /** A signed-in browser: who, and the token its forms must send back. */
    public record Session(UserRow user, String csrfToken, String tokenHash) {
    }

    /** Starts a session; returns the cookie value (shown to the browser only). */
    public String start(long userId) {
        String token = randomToken();
        long now = clock.millis();
        db.write(Changes.none(), h -> {
            WebSessionDao dao = h.attach(WebSessionDao.class);
            dao.deleteExpired(now, now - IDLE.toMillis());
            dao.insert(hash(token), userId, randomToken(), now, now + LIFETIME.toMillis());
            return null;
        });
        return token;
    }

    /** The live session of an active user for a cookie value, if any. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = hash(token);
        long now = clock.millis();
        Optional<WebSessionRow> row = db.read(h -> h.attach(WebSessionDao.class).find(hash))
                .filter(s -> s.expiresAt() > now && now - s.lastSeenAt() < IDLE.toMillis());
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserRow> user = db.read(h -> h.attach(UserDao.class).findById(row.get().userId())).filter(UserRow::isActive);
        if (user.isPresent() && now - row.get().lastSeenAt() > TOUCH_INTERVAL_MILLIS) {
            db.write(Changes.none(), h -> h.attach(WebSessionDao.class).touch(hash, now));
            // Using the web view is using Unsilo: a session that goes on into a new (UTC) day makes that day an active
            // one in the adoption figures, as the sign-in did for its own day.
            if (row.get().lastSeenAt() / DAY_MILLIS != now / DAY_MILLIS) {
                activity.record(user.get().id(), "web", null, null);
            }
        }
        return user.map(u -> new Session(u, row.get().csrfToken(), hash));
    }

    public void end(Session session) {
        db.write(Changes.none(), h -> h.attach(WebSessionDao.class).delete(session.tokenHash()));
    }

    /** Signs a user out everywhere (a departed colleague, a password reset). */
    public void endAllOf(long userId) {
        db.write(Changes.none(), h -> h.attach(WebSessionDao.class).deleteOfUser(userId));
    }

    /** Signs a user out everywhere but in {@code current} (their own password change). */
    public void endOthersOf(Session current) {
        db.write(Changes.none(), h -> h.attach(WebSessionDao.class).deleteOfUserExcept(current.user().id(), current.tokenHash()));
    }

    /**
     * Records that {@code session} sent the one-time key {@code formKey} to {@code form}; false when it had sent it
     * before, which is the browser sending the same form again ({@link OnceForms}).
     */
    boolean firstUse(Session session, String formKey, String form) {
        return db.write(Changes.none(), h -> h.attach(WebSessionDao.class).useFormKey(session.tokenHash(), formKey, form)) == 1;
    }

    /** Forgets a {@link #firstUse}, for a form whose action was not done: sending it again may do it. */
    void forgetUse(Session session, String formKey, String form) {
        db.write(Changes.none(), h -> h.attach(WebSessionDao.class).forgetFormKey(session.tokenHash(), formKey, form));
    }

    String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return BaseEncoding.base64Url().omitPadding().encode(bytes);
    }

    private static String hash(String token) {
        return Hashing.sha256().hashString(token, StandardCharsets.UTF_8).toString();
    }
}
