package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The web view's static files, read once from the class path: the stylesheet, its small script, and htmx from its WebJar (the
 * version comes from the WebJar's own pom.properties, so upgrading the dependency needs no code change).
 */
final class Assets {

    private record Asset(byte[] bytes, String type) {
    }

    private final Map<String, Asset> assets;

    Assets() {
        String htmx = "META-INF/resources/webjars/htmx.org/" + webjarVersion("htmx.org") + "/dist/htmx.min.js";
        this.assets = Map.of(
                "/static/unsilo.css", new Asset(read("web/static/unsilo.css"), "text/css; charset=utf-8"),
                "/static/unsilo.js", new Asset(read("web/static/unsilo.js"), "text/javascript; charset=utf-8"),
                "/static/htmx.min.js", new Asset(read(htmx), "text/javascript; charset=utf-8"));
    }

    void register(RoutesConfig routes) {
        assets.keySet().forEach(path -> routes.get(path, this::serve));
    }

    private void serve(Context ctx) {
        Asset a = assets.get(ctx.path());
        ctx.header("Cache-Control", "public, max-age=3600").contentType(a.type()).result(a.bytes());
    }

    private static String webjarVersion(String artifact) {
        Properties p = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Assets.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing resource on the class path: " + path);
        }
        return in;
    }
}
