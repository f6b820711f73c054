package org.unsilo.store;

/** One sender or recipient of a stored message, resolved to a contact or a staff member when it is one. */
public record PartyRow(long messageId, String role, String address, String name, Long contactId, Long userId) {
}
