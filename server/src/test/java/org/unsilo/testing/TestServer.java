package org.unsilo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import org.unsilo.http.ListeningSocket;
import org.unsilo.store.UserRow;

/**
 * A real server on a random port over a real database, with an admin account and token: a SQLite file in a fresh
 * temporary directory, or a fresh PostgreSQL database when the tests run with {@code -Dunsilo.test.db=postgres}
 * (see {@link TestDatabase}). One per test class; close it in {@code @AfterAll}.
 */
public final class TestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final App app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String adminToken;
    private final UserRow admin;

    private TestServer(Path dir, App app) {
        this.dir = dir;
        this.app = app;
        this.admin = app.users().create(null, "admin@unsilo.test", "Ada Admin", "admin");
        this.adminToken = app.tokens().create(admin.id(), "test").secret();
    }

    private TestServer(Path dir, App app, UserRow admin, String adminToken) {
        this.dir = dir;
        this.app = app;
        this.admin = admin;
        this.adminToken = adminToken;
    }

    /**
     * Another server process's worth of application (its own pools, capture writer and HTTP port) on the database of
     * {@code first}, sharing its admin: several servers on one PostgreSQL.
     */
    public static TestServer alongside(TestServer first) {
        return alongside(first, Map.of());
    }

    /** {@link #alongside(TestServer)} with UNSILO_* {@code settings} of its own. */
    public static TestServer alongside(TestServer first, Map<String, String> settings) {
        try {
            Path dir = Files.createTempDirectory("unsilo-test");
            Map<String, String> values = withTestLimits(settings);
            values.putAll(Map.of(ConfigLoader.DATA_DIR, dir.toString(), ConfigLoader.DB_URL, first.app.config().dbUrl()));
            return new TestServer(dir, serve(values, Clock.systemUTC()), first.admin, first.adminToken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestServer start() {
        return start(Map.of());
    }

    /**
     * {@code settings} are UNSILO_* keys, e.g. {@code UNSILO_INTERNAL_DOMAINS}. Without {@code UNSILO_DB_URL} the
     * server gets a fresh database of its own; with it (two servers on one database) it uses that one.
     */
    public static TestServer start(Map<String, String> settings) {
        return start(settings, Clock.systemUTC());
    }

    /** {@link #start(Map)} on {@code clock} (a {@link TestClock} lets a test move time on). */
    public static TestServer start(Map<String, String> settings, Clock clock) {
        try {
            Path dir = Files.createTempDirectory("unsilo-test");
            Map<String, String> values = withTestLimits(settings);
            values.put(ConfigLoader.DATA_DIR, dir.toString());
            values.putIfAbsent(ConfigLoader.DB_URL, TestDatabase.freshUrl(dir));
            return new TestServer(dir, serve(values, clock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An application serving on a free port with the UNSILO_* {@code settings}, as {@code unsilo serve --port 0} starts
     * one: it listens first, and is then wired with the settings for the port it got.
     */
    public static App serve(Map<String, String> settings, Clock clock) {
        ConfigLoader loader = new ConfigLoader(Map.of());
        Map<String, String> values = new HashMap<>(settings);
        values.put(ConfigLoader.PORT, "0");
        ListeningSocket socket = ListeningSocket.open(loader.load(null, values).bind(), 0);
        values.put(ConfigLoader.PORT, Integer.toString(socket.port()));
        try {
            return new App(loader.load(null, values), clock).serve(socket);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Tests fire requests far faster than people do (hundreds of captures, bad-input sweeps) from one address and
     * token: the rate limits are set out of their reach unless a test sets its own (RateLimitTest does).
     */
    private static Map<String, String> withTestLimits(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        values.putIfAbsent(ConfigLoader.RATE_LIMIT_PER_TOKEN, "1000000");
        values.putIfAbsent(ConfigLoader.RATE_LIMIT_PER_IP, "1000000");
        return values;
    }

    public App app() {
        return app;
    }

    public Path dataDir() {
        return dir;
    }

    /**
     * {@code args} of an {@code unsilo} command followed by the options that point it at this server's database and
     * data directory, whichever database the tests run on.
     */
    public String[] cli(String... args) {
        String[] out = Arrays.copyOf(args, args.length + 4);
        out[args.length] = "--data-dir";
        out[args.length + 1] = dir.toString();
        out[args.length + 2] = "--db-url";
        out[args.length + 3] = app.config().dbUrl();
        return out;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    public String adminToken() {
        return adminToken;
    }

    public UserRow admin() {
        return admin;
    }

    /** The admin, given {@code password}, signed in to the web view. */
    public WebClient signedInAdmin(String password) {
        app.passwords().set(null, admin.id(), password);
        return WebClient.signedIn(url(""), admin.email(), password);
    }

    /** Creates a member and returns a token for them. */
    public String member(String email, String name) {
        return staff(email, name).token();
    }

    /** A staff account with a token of its own. */
    public record Staff(UserRow user, String token) {
        public long id() {
            return user.id();
        }
    }

    /** Creates a member and returns the account with a token. */
    public Staff staff(String email, String name) {
        UserRow u = app.users().create(admin.id(), email, name, "member");
        return new Staff(u, app.tokens().create(u.id(), "test").secret());
    }

    /** {@link #staff}, who can also sign in to the web view with {@code password}. */
    public Staff staff(String email, String name, String password) {
        Staff s = staff(email, name);
        app.passwords().set(null, s.id(), password);
        return s;
    }

    /** {@code POST /api/v1/captures} as the holder of {@code token}. */
    public Response capture(String token, CaptureJson capture) {
        return post("/api/v1/captures", token, capture.json());
    }

    /** {@code POST /api/v1/lookup} for these addresses as the holder of {@code token}. */
    public Response lookup(String token, String... addresses) {
        return post("/api/v1/lookup", token, TestJson.lookup(addresses));
    }

    /** The admin counts ({@code GET /api/v1/admin/stats}). */
    public JsonNode stats() {
        Response r = get("/api/v1/admin/stats", adminToken);
        if (r.status() != 200) {
            throw new AssertionError("stats failed: " + r.status() + " " + r.body());
        }
        return r.json();
    }

    public Response get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), token);
    }

    public Response delete(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).DELETE(), token);
    }

    public Response post(String path, String token, String body) {
        return send(json(path, body).POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    public Response post(String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder b = json(path, body).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b, token);
    }

    public Response patch(String path, String token, String body) {
        return send(json(path, body).method("PATCH", HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private HttpRequest.Builder json(String path, String body) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json");
    }

    public Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A finished HTTP exchange; {@link #json()} parses the body. */
    public record Response(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
