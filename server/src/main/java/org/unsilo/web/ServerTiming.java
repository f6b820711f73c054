package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Adds {@code Server-Timing: app;dur=12.3} (milliseconds, W3C Server Timing) to every web page: the time from the
 * web view's first filter to the end of the handler, rendering included, network writing excluded. The page
 * benchmark ({@code bench/}) reads it, and browsers show it in their developer tools. Streamed downloads have sent
 * their headers before they finish, so they carry no such header.
 */
final class ServerTiming {

    static final String HEADER = "Server-Timing";
    private static final String STARTED = "unsilo.web.started";

    void register(RoutesConfig routes) {
        routes.before(this::start);
        routes.after(this::finish);
    }

    private void start(Context ctx) {
        if (WebFilter.isPage(ctx.path()) || ctx.path().equals("/login")) {
            ctx.attribute(STARTED, System.nanoTime());
        }
    }

    private void finish(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started != null && !ctx.res().isCommitted()) {
            ctx.header(HEADER, String.format(Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - started) / 1e6));
        }
    }
}
