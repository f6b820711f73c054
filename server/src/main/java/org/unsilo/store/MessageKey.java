package org.unsilo.store;

/** The identity of a stored message in time and thread. */
public record MessageKey(long id, String threadKey, long sentAt) {
}
