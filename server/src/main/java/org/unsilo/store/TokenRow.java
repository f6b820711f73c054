package org.unsilo.store;

/** A personal API token; only its SHA-256 hash is stored. */
public record TokenRow(long id, long userId, String name, String tokenPrefix, long createdAt, Long lastUsedAt, Long revokedAt) {
    public boolean isRevoked() {
        return revokedAt != null;
    }
}
