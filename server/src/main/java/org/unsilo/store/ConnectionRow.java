package org.unsilo.store;

/** A row of {@code mailbox_connection}; {@code refreshToken} is the encrypted value, never the token. */
public record ConnectionRow(long id, long userId, String provider, String refreshToken, String status, String lastError,
                            Long lastErrorAt, Long lastSuccessAt, Long leaseUntil, String folders, long createdAt, long updatedAt) {
}
