package org.unsilo.capture;

import org.unsilo.common.InvalidFieldException;

/** The capture as a whole cannot be stored (e.g. no valid sender); {@code field} names what to fix. */
public class InvalidCaptureException extends InvalidFieldException {
    public InvalidCaptureException(String field, String message) {
        super(field, message);
    }
}
