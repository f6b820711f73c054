package org.unsilo.metrics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.unsilo.http.ApiException;
import org.unsilo.http.CountedStatus;
import org.unsilo.http.Requests;

/**
 * {@code GET /metrics} in the Prometheus text format (DESIGN.md §7), for admins only: request rate and latency per
 * route, JVM and process figures, and the application gauges App registers (mailbox sync).
 */
public final class ServerMetrics implements AutoCloseable {

    public static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /**
     * One finished request. The route is the matched template ({@code /api/v1/contacts/{id}}), never the raw path;
     * the status is the one it is counted with ({@link CountedStatus}: a Gmail add-on refusal answered with a card
     * counts as what it is, e.g. 429).
     */
    public void request(Context ctx, float millis) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        Timer.builder("http_server_requests")
                .tag("method", ctx.method().name())
                .tag("route", endpoint == null ? "unmatched" : endpoint.path)
                .tag("status", Integer.toString(CountedStatus.of(ctx)))
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** A count that only grows, read when Prometheus scrapes (App registers the lookup cache's hits this way). */
    public <T> void counter(String name, String help, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(help).register(registry);
    }

    /** A value read when Prometheus scrapes (App registers the sync figures this way). */
    public <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(help).register(registry);
    }

    /** Registered after the bearer-token filter for {@link #PATH} has identified the caller. */
    public void register(RoutesConfig routes) {
        routes.get(PATH, ctx -> {
            if (!Requests.principal(ctx).user().isAdmin()) {
                throw ApiException.forbidden("metrics are for admins");
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
