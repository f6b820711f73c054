package org.unsilo.store;

/** A staff member who holds a copy of a message. */
public record CopyOwnerRow(long messageId, long userId) {
}
