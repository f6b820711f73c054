package org.unsilo.api;

import java.time.Instant;
import java.util.List;
import org.unsilo.store.TokenRow;
import org.unsilo.store.UserRow;

/** JSON shapes of users and tokens. */
final class UserViews {

    private UserViews() {
    }

    record User(long id, String email, String name, String role, String status, List<String> emails, Instant createdAt,
                Instant departedAt) {
    }

    record Token(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    }

    /** A token as issued: the only time its secret is shown. */
    record IssuedToken(long id, String name, String token, Instant createdAt) {
    }

    static User user(UserRow u, List<String> emails) {
        return new User(u.id(), u.email(), u.displayName(), u.role(), u.status(), emails, Instant.ofEpochMilli(u.createdAt()),
                u.departedAt() == null ? null : Instant.ofEpochMilli(u.departedAt()));
    }

    static Token token(TokenRow t) {
        return new Token(t.id(), t.name(), t.tokenPrefix() + "…", Instant.ofEpochMilli(t.createdAt()), instant(t.lastUsedAt()),
                instant(t.revokedAt()));
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
