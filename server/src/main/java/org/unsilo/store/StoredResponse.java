package org.unsilo.store;

/** The first answer given to an Idempotency-Key, replayed for repeats of the same request. */
public record StoredResponse(int status, String responseBody, String requestHash) {
}
