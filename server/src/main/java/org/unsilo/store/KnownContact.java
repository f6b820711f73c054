package org.unsilo.store;

/** The contact an address belongs to, and whether it still lacks a name (so a capture may give it one). */
public record KnownContact(long contactId, boolean unnamed) {
}
