package org.unsilo.store;

/** An erased person's address, known only by its hash (V25). */
public record SuppressionRow(long id, String addressHash, String reason, Long createdBy, long createdAt) {
}
