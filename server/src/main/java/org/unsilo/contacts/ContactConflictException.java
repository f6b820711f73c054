package org.unsilo.contacts;

/** The change would break a rule between contacts (an address owned twice, a merge into itself). */
public class ContactConflictException extends RuntimeException {
    public ContactConflictException(String message) {
        super(message);
    }
}
