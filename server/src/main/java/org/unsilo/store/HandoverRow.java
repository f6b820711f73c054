package org.unsilo.store;

/** A departed colleague's relationship with a contact, and to whom it was handed over (null: not yet). */
public record HandoverRow(long contactId, String contactName, double score, long lastAt, int messageCount,
                          Long toUserId, String toUserName) {
}
