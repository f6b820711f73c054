package org.unsilo.auth;

/** A user field is not acceptable; {@code field} names it. */
public class InvalidUserException extends RuntimeException {

    private final String field;

    public InvalidUserException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
