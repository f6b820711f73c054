package org.unsilo.store;

/** When a message between a staff member and a contact was sent (one row per message they share). */
public record PairTimeRow(long userId, long contactId, long sentAt) {
}
