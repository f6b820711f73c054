package org.unsilo.capture;

/**
 * A sender or recipient as a client sent it: either a bare address with an optional name, or a raw
 * header value such as {@code "Allen, Phillip K." <phillip.allen@enron.com>} (then {@code raw} is set).
 */
public record Party(String address, String name, String raw) {

    public static Party of(String address, String name) {
        return new Party(address, name, null);
    }

    public static Party raw(String headerValue) {
        return new Party(null, null, headerValue);
    }

    /** What the client sent, for error messages. */
    public String original() {
        return raw != null ? raw : address;
    }
}
