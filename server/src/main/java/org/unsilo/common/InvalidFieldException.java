package org.unsilo.common;

/** Input that cannot be accepted; {@code field} names what to fix (answered as a 4xx with that field). */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
