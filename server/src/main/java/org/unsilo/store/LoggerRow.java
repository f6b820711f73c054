package org.unsilo.store;

/** A staff member who logged (captured) a message, how and when. */
public record LoggerRow(long userId, String email, String displayName, String source, long capturedAt) {
}
