package org.unsilo.importer.contacts;

/** The file as a whole cannot be imported (unknown format, no usable columns, bad --map): nothing was written. */
public final class ContactImportException extends RuntimeException {

    public ContactImportException(String message) {
        super(message);
    }

    public ContactImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
