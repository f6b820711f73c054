package org.unsilo.web;

/** Ends a web request early: a redirect (to sign in) or an error page with a status and a message for people. */
final class WebReject extends RuntimeException {

    private final int status;
    private final String location;

    private WebReject(int status, String message, String location) {
        super(message, null, false, false);
        this.status = status;
        this.location = location;
    }

    static WebReject redirect(String location) {
        return new WebReject(303, "redirect", location);
    }

    static WebReject status(int status, String message) {
        return new WebReject(status, message, null);
    }

    int status() {
        return status;
    }

    String location() {
        return location;
    }
}
