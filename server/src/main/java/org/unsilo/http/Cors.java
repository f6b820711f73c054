package org.unsilo.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Set;

/**
 * CORS for /api: browsers may call the API from the server's own pages (the Outlook pane is same-origin) and from
 * the allow-listed origins ({@code UNSILO_CORS_ORIGINS}); other origins get no CORS headers, so browsers keep the
 * answer from them. No credentials mode: the API takes bearer tokens, never cookies.
 *
 * <p>Javalin's CORS plugin is not used: it answers 400 to a same-origin POST (browsers send Origin on those too)
 * unless the server's public URL is configured exactly, which a server on a random or proxied port does not know.
 */
public final class Cors {

    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key";
    private static final String ALLOWED_METHODS = "GET, POST, PATCH, DELETE";

    private final Set<String> origins;

    public Cors(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    public void register(RoutesConfig routes) {
        routes.before("/api/*", this::apply);
    }

    private void apply(Context ctx) {
        String origin = ctx.header("Origin");
        ForwardedHeaders.Caller caller = ForwardedHeaders.caller(ctx);
        if (origin == null || origin.equals((caller.secure() ? "https://" : "http://") + caller.host())
                || !origins.contains(origin)) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Vary", "Origin");
        // Retry-After: how long a rate-limited add-in waits before it tries again.
        ctx.header("Access-Control-Expose-Headers", "Idempotent-Replayed, Retry-After");
        if (HandlerType.OPTIONS.equals(ctx.method()) && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS);
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204).skipRemainingHandlers();
        }
    }
}
