package org.unsilo.store;

/** The identity of a stored message in time and thread, and when it was first captured. */
public record MessageKey(long id, String threadKey, long sentAt, long capturedAt) {
}
