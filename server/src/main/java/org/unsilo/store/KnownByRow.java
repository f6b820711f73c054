package org.unsilo.store;

/** A staff member who knows a contact, with the relationship figures. */
public record KnownByRow(long contactId, long userId, String email, String displayName, String status, double score,
                         long lastAt, int messageCount) {
}
