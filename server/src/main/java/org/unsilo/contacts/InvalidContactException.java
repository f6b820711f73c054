package org.unsilo.contacts;

/** A contact field is not acceptable; {@code field} names it. */
public class InvalidContactException extends RuntimeException {

    private final String field;

    public InvalidContactException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
