package org.unsilo.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.unsilo.http.ApiException;
import org.unsilo.http.RouteTable;
import org.unsilo.store.Database;

/** Liveness, readiness and the API description. None of these needs a token. */
public final class SystemApi {

    private final Database db;
    private final byte[] openApi;

    public SystemApi(Database db) {
        this.db = db;
        this.openApi = resource("/openapi/openapi.json");
    }

    public void register(RouteTable routes) {
        routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
        routes.get("/ready", this::ready);
        routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        routes.get("/api/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("/openapi/docs.html")));
    }

    private void ready(Context ctx) {
        if (!db.isReachable()) {
            throw new ApiException(503, "Not ready", "the database is not reachable", null, Map.of("Retry-After", "5"));
        }
        ctx.json(Map.of("status", "ready", "database", db.dialect().name().toLowerCase(java.util.Locale.ROOT)));
    }

    private static byte[] resource(String path) {
        try (InputStream in = SystemApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
