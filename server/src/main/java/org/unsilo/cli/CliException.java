package org.unsilo.cli;

/** A command cannot do what was asked; the message says why. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
