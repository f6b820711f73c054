package org.unsilo.gmail;

import org.unsilo.http.ApiException;

/**
 * A request from a verified user that the server refuses (over the rate limit, or parameters a card cannot have sent),
 * in the words the add-on shows: Google shows nothing but its own "could not load" for an HTTP error, so past
 * authentication a refusal is answered with a card or a notification that says what happened and what to do.
 */
record Refusal(String title, String text) {

    static Refusal of(ApiException e) {
        if (e.status() == 429) {
            String seconds = e.headers().getOrDefault("Retry-After", "60");
            return new Refusal("Too many requests", "Too many requests from your account: try again in " + seconds
                    + (seconds.equals("1") ? " second." : " seconds."));
        }
        return new Refusal("Unsilo could not do this", "Unsilo could not do this: " + e.getMessage()
                + ". Reload the add-on and try again; if it keeps happening, tell your administrator.");
    }
}
