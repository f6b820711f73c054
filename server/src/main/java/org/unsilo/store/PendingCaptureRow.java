package org.unsilo.store;

/** A "log when sent" note; {@code messageId} and {@code matchedAt} are set once the sent message was captured. */
public record PendingCaptureRow(long id, long userId, String subject, boolean privateFlag, long createdAt,
                                Long messageId, Long matchedAt) {
}
