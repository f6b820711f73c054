package org.unsilo.auth;

/** An OIDC sign-in that did not work out; the message is fit for the sign-in page (never a token or a code). */
public final class OidcException extends Exception {

    public OidcException(String message) {
        super(message, null, false, false);
    }
}
