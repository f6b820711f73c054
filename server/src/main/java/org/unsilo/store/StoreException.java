package org.unsilo.store;

/** The database could not be opened or used. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
