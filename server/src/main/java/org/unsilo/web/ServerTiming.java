package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Adds {@code Server-Timing: app;dur=12.3, cpu;dur=9.8} (milliseconds, W3C Server Timing) to every web page: the
 * time from the web view's first filter to the end of the handler, rendering included, network writing excluded,
 * and the CPU time the request's thread used meanwhile (SQLite runs on that thread too), which a busy machine
 * inflates far less than the elapsed time. The page benchmark ({@code bench/}) reads both, and browsers show them in
 * their developer tools. A download large enough to have sent its headers while streaming carries neither.
 */
final class ServerTiming {

    static final String HEADER = "Server-Timing";
    private static final String STARTED = "unsilo.web.started";
    private static final String STARTED_CPU = "unsilo.web.startedCpu";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    void register(RoutesConfig routes) {
        routes.before(this::start);
        routes.after(this::finish);
    }

    private void start(Context ctx) {
        if (WebFilter.isPage(ctx.path()) || ctx.path().equals("/login")) {
            ctx.attribute(STARTED, System.nanoTime());
            ctx.attribute(STARTED_CPU, THREADS.getCurrentThreadCpuTime());
        }
    }

    private void finish(Context ctx) {
        Long started = ctx.attribute(STARTED);
        Long startedCpu = ctx.attribute(STARTED_CPU);
        if (started != null && startedCpu != null && !ctx.res().isCommitted()) {
            ctx.header(HEADER, String.format(Locale.ROOT, "app;dur=%.1f, cpu;dur=%.1f", (System.nanoTime() - started) / 1e6,
                    (THREADS.getCurrentThreadCpuTime() - startedCpu) / 1e6));
        }
    }
}
