package org.unsilo.store;

/** One value taken from a signature: which contact field, what value, from which message, when. */
public record EnrichmentRow(long id, long contactId, String field, String value, String label, Long messageId,
                            long createdAt) {
}
