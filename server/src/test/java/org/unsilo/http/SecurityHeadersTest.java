package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.RawHttp;
import org.unsilo.testing.TestServer;

/**
 * Every kind of response carries the security headers (issue 9): successes and failures of the API, 404s inside and
 * outside it, 413 and 429, web pages, static files of the web view and the Outlook pane, health checks and metrics, and
 * the errors Jetty answers itself.
 */
class SecurityHeadersTest {

    /** A page of another origin, allowed to call the API (the server's own pages need no CORS). */
    private static final String ADDIN_ORIGIN = "https://addin.example";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigLoader.MAX_REQUEST_BYTES, "1024", ConfigLoader.RATE_LIMIT_PER_IP, "4",
                ConfigLoader.CORS_ORIGINS, ADDIN_ORIGIN));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyKindOfResponseCarriesTheHeaders() {
        String admin = server.adminToken();
        Map<String, TestServer.Response> responses = new LinkedHashMap<>();
        responses.put("health", server.get("/health", null));
        responses.put("ready", server.get("/ready", null));
        responses.put("api 200", server.get("/api/v1/me", admin));
        responses.put("api 400", server.post("/api/v1/lookup", admin, "{not json"));
        responses.put("api 404", server.get("/api/v1/no-such-thing", admin));
        responses.put("api 413", server.post("/api/v1/lookup", admin, "{\"emails\": [\"" + "a".repeat(2000) + "\"]}"));
        responses.put("metrics", server.get("/metrics", admin));
        responses.put("404 outside the API", server.get("/no-such-page", null));
        responses.put("web page", server.get("/login", null));
        responses.put("web view asset", server.get("/static/unsilo.css", null));
        responses.put("outlook pane file", server.get("/addin/taskpane.html", null));
        responses.put("api 401", server.get("/api/v1/me", "uns_wrong"));
        responses.put("metrics 401", server.get("/metrics", null));
        TestServer.Response limited;
        int tries = 0;
        do {
            limited = server.get("/api/v1/me", "uns_wrong");
        } while (limited.status() != 429 && ++tries < 5);
        responses.put("api 429", limited);

        assertThat(responses).allSatisfy((kind, r) -> {
            assertThat(r.header("X-Content-Type-Options")).as("%s (%d): nosniff", kind, r.status()).isEqualTo("nosniff");
            assertThat(r.header("Referrer-Policy")).as("%s (%d): Referrer-Policy", kind, r.status()).isEqualTo("no-referrer");
            assertThat(r.header("Content-Security-Policy")).as("%s (%d): a CSP", kind, r.status()).isNotBlank();
        });
        assertThat(responses).extractingByKeys("api 400", "api 404", "api 413", "api 429", "metrics 401")
                .extracting(TestServer.Response::status).containsExactly(400, 404, 413, 429, 401);
        assertThat(responses).extractingByKeys("web view asset", "outlook pane file", "metrics", "web page", "api 200")
                .extracting(TestServer.Response::status).containsOnly(200);
        for (String api : new String[] {"health", "api 200", "api 404", "api 429", "metrics", "metrics 401"}) {
            TestServer.Response r = responses.get(api);
            assertThat(r.header("X-Frame-Options")).as(api).isEqualTo("DENY");
            assertThat(r.header("Content-Security-Policy")).as(api).contains("frame-ancestors 'none'");
            assertThat(r.header("Cache-Control")).as(api).isEqualTo("no-store");
        }
        assertThat(responses.get("outlook pane file").header("Content-Security-Policy")).isEqualTo(Filters.ADDIN_CSP);
    }

    @Test
    void aCorsPreflightFromAnAllowedOriginIsAnsweredWithTheHeadersToo() {
        TestServer.Response r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/lookup")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", ADDIN_ORIGIN)
                .header("Access-Control-Request-Method", "POST"), null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void errorsJettyAnswersItselfCarryTheHeadersToo() {
        // Refused while the request is parsed, before any filter or route runs; on /addin/ too, whose pages load scripts.
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put("Content-Length: abc", raw("POST /api/v1/contacts HTTP/1.1\r\nContent-Length: abc\r\n"));
        answers.put("undecodable path", raw("GET /%ZZ HTTP/1.1\r\n"));
        answers.put("undecodable pane path", raw("GET /addin/%ZZ HTTP/1.1\r\n"));
        answers.put("header too large", raw("GET /contacts HTTP/1.1\r\nX-Big: " + "v".repeat(40_000) + "\r\n"));

        assertThat(answers).allSatisfy((kind, answer) -> assertThat(answer).as(kind)
                .matches("(?s)HTTP/1\\.1 4(00|31) .*").contains("application/problem+json")
                .containsIgnoringCase("\r\nX-Content-Type-Options: nosniff\r\n")
                .containsIgnoringCase("\r\nReferrer-Policy: no-referrer\r\n")
                .containsIgnoringCase("\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n")
                .containsIgnoringCase("\r\nX-Frame-Options: DENY\r\n")
                .containsIgnoringCase("\r\nCache-Control: no-store\r\n"));
    }

    /** The answer to a request of {@code head} (request line and fields, each ending in CRLF), sent as it is. */
    private static String raw(String head) {
        return RawHttp.exchange(server.app().port(), head + "Host: x\r\nConnection: close\r\n\r\n");
    }
}
