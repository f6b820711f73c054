package org.unsilo.store;

/** A signed-in browser; the cookie's token is stored only as its hash. */
public record WebSessionRow(String tokenHash, long userId, String csrfToken, long createdAt, long lastSeenAt, long expiresAt) {
}
