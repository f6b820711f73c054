package org.unsilo.api;

import com.google.common.hash.Hashing;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.unsilo.http.ApiException;
import org.unsilo.http.RouteTable;
import org.unsilo.store.Database;

/** Liveness, readiness and the API description. None of these needs a token. */
public final class SystemApi {

    private final Database db;
    private final byte[] openApi;
    private final byte[] docs;
    private final String docsPolicy;

    public SystemApi(Database db) {
        this.db = db;
        this.openApi = resource("/openapi/openapi.json");
        this.docs = resource("/openapi/docs.html");
        this.docsPolicy = docsPolicy(new String(docs, StandardCharsets.UTF_8));
    }

    /**
     * The docs page is the one /api response a browser runs: its own inline script and style are allowed
     * by hash, and it may fetch from this server only. Everything else stays at {@code default-src 'none'}.
     */
    static String docsPolicy(String html) {
        return "default-src 'none'; script-src " + inlineHash(html, "script") + "; style-src " + inlineHash(html, "style")
                + "; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static String inlineHash(String html, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(html);
        if (!m.find()) {
            return "'none'";
        }
        byte[] digest = Hashing.sha256().hashString(m.group(1), StandardCharsets.UTF_8).asBytes();
        return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    }

    public void register(RouteTable routes) {
        routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
        routes.get("/ready", this::ready);
        routes.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        routes.get("/api/docs", ctx -> ctx.header("Content-Security-Policy", docsPolicy)
                .contentType("text/html; charset=utf-8").result(docs));
    }

    private void ready(Context ctx) {
        if (!db.isReachable()) {
            throw new ApiException(503, "Not ready", "the database is not reachable", null, Map.of("Retry-After", "5"));
        }
        ctx.json(new Readiness("ready", db.dialect().name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** A record, not a map: its fields keep their order, status first, from one start to the next. */
    record Readiness(String status, String database) {
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
