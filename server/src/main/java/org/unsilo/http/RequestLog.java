package org.unsilo.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.unsilo.auth.Principal;

/**
 * One log line per request: method, route template, path, status, duration and the signed-in user's id, as the text
 * message and as key-value pairs (fields of their own in JSON logs). The status is the one the request is counted
 * with ({@link CountedStatus}); when the client was sent another, that one too. Never headers, cookies, query
 * strings or bodies: that is where tokens, session cookies and passwords travel.
 */
public final class RequestLog {

    /** The id of the user a request was made by, when it is not an API principal (the web view sets it). */
    public static final String USER_ID = "unsilo.log.user-id";

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    public void log(Context ctx, float millis) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        Principal principal = ctx.attribute(Requests.PRINCIPAL);
        Long userId = principal != null ? Long.valueOf(principal.userId()) : ctx.attribute(USER_ID);
        long ms = Math.round(millis);
        int status = CountedStatus.of(ctx);
        int sent = ctx.status().getCode();
        LoggingEventBuilder line = LOG.atInfo()
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("route", endpoint == null ? "unmatched" : endpoint.path)
                .addKeyValue("path", ctx.path())
                .addKeyValue("status", status)
                .addKeyValue("durationMs", ms);
        String shown = Integer.toString(status);
        if (sent != status) {
            line.addKeyValue("sentStatus", sent);
            shown += " (sent as " + sent + ")";
        }
        if (userId == null) {
            line.log("{} {} {} {}ms", ctx.method(), ctx.path(), shown, ms);
        } else {
            line.addKeyValue("userId", userId).log("{} {} {} {}ms user {}", ctx.method(), ctx.path(), shown, ms, userId);
        }
    }
}
