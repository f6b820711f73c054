package org.unsilo.capture;

/** The capture as a whole cannot be stored (e.g. no valid sender); {@code field} names what to fix. */
public class InvalidCaptureException extends RuntimeException {

    private final String field;

    public InvalidCaptureException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
