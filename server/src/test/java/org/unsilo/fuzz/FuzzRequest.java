package org.unsilo.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One generated request. {@code target} is the raw request target (path and query, already percent-encoded as the
 * generator wants it on the wire). {@code raw} requests go over a plain socket, byte for byte, because
 * {@link java.net.http.HttpClient} refuses to send broken request lines and headers.
 */
record FuzzRequest(String label, String method, String target, Map<String, String> headers, byte[] body,
                   Expect expect, boolean raw) {

    /** What the server must answer. */
    enum Expect {
        /** A valid request of the known valid set: 2xx. */
        VALID,
        /** Malformed, on /api or /metrics: 4xx with a problem+json body that has a detail. */
        API_REJECT,
        /** Malformed, on a browser or add-on route: 4xx, or a redirect that carries the refusal (OAuth callbacks). */
        PAGE_REJECT,
        /** Broken at the HTTP level: 4xx from the HTTP server itself, before any route (so no problem+json). */
        HTTP_REJECT
    }

    static FuzzRequest api(String label, String method, String target, Map<String, String> headers, byte[] body) {
        return new FuzzRequest(label, method, target, headers, body, Expect.API_REJECT, false);
    }

    static FuzzRequest page(String label, String method, String target, Map<String, String> headers, byte[] body) {
        return new FuzzRequest(label, method, target, headers, body, Expect.PAGE_REJECT, false);
    }

    static FuzzRequest valid(String label, String method, String target, Map<String, String> headers, String body) {
        return new FuzzRequest(label, method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                Expect.VALID, false);
    }

    FuzzRequest asRaw() {
        return new FuzzRequest(label, method, target, headers, body, expect, true);
    }

    @Override
    public String toString() {
        String shown = target.length() > 160 ? target.substring(0, 160) + "…" : target;
        return label + " " + method + " " + shown + " (" + (body == null ? 0 : body.length) + " body bytes)";
    }
}
