package org.unsilo.http;

import io.javalin.http.Context;

/**
 * The status a request is counted with in the request log and the metrics: its HTTP status, unless a handler
 * answered a refusal with a 200 all the same. The Gmail add-on does (Gmail shows its user nothing of an HTTP error,
 * so a refusal is a card that says what happened); counted as a 200, a user over the rate limit would not show among
 * the 429s, nor a refused request among the errors.
 */
public final class CountedStatus {

    private static final String ATTRIBUTE = "unsilo.counted-status";

    private CountedStatus() {
    }

    /** Counts the request with {@code status} whatever HTTP status it is answered with. */
    public static void refused(Context ctx, int status) {
        ctx.attribute(ATTRIBUTE, status);
    }

    public static int of(Context ctx) {
        Integer refused = ctx.attribute(ATTRIBUTE);
        return refused != null ? refused : ctx.status().getCode();
    }
}
