package org.unsilo.store;

/** A row of {@code oauth_state}: a browser sign-in under way; {@code codeVerifier} is encrypted. */
public record OAuthStateRow(String stateHash, long userId, String provider, String codeVerifier, long expiresAt) {
}
