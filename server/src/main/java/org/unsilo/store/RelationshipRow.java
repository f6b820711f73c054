package org.unsilo.store;

/** A (staff member, contact) pair; {@code score} is strength at the reference epoch (see relationships.Strength). */
public record RelationshipRow(long userId, long contactId, long firstAt, long lastAt, int sentCount, int receivedCount,
                              int messageCount, double score) {
}
