package org.unsilo.importer.mail;

/** The import as a whole cannot go on (bad path, unknown owner, source changed since the checkpoint); the message says why. */
public final class MailImportException extends RuntimeException {
    public MailImportException(String message) {
        super(message);
    }

    public MailImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
