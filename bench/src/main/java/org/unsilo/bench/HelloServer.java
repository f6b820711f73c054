package org.unsilo.bench;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import org.unsilo.http.Json;

/**
 * The baseline: a Javalin instance with one trivial route, {@code GET /bench/hello} → {@code {"hello":"world"}},
 * using the server's own Jackson mapper. Started as its own JVM with the same options as the Unsilo server, so
 * the two figures differ only by what Unsilo does per request.
 */
public final class HelloServer {

    private HelloServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Map<String, String> hello = Map.of("hello", "world");
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            cfg.routes.get("/bench/hello", ctx -> ctx.json(hello));
            cfg.routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
        });
        app.start("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "hello-shutdown"));
    }
}
