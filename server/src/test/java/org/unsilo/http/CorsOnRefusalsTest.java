package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestServer;

/**
 * An add-in on an allow-listed origin can read why a call was refused (401, 413, 429 and its Retry-After): a browser
 * shows a script an answer without CORS headers as a bare network error.
 */
class CorsOnRefusalsTest {

    private static final String ORIGIN = "https://addin.example";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigLoader.CORS_ORIGINS, ORIGIN, ConfigLoader.MAX_REQUEST_BYTES, "1024",
                ConfigLoader.RATE_LIMIT_PER_TOKEN, "3"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TestServer.Response fromAddin(HttpRequest.Builder request, String token) {
        return server.send(request.header("Origin", ORIGIN), token);
    }

    private static void readableByTheAddin(TestServer.Response r, int status) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("Access-Control-Allow-Origin")).as("status %d", status).isEqualTo(ORIGIN);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anUnknownTokenIsRefusedReadably() {
        readableByTheAddin(fromAddin(HttpRequest.newBuilder(URI.create(server.url("/api/v1/me"))).GET(), "uns_unknown"), 401);
    }

    @Test
    void aTooLargeBodyIsRefusedReadably() {
        TestServer.Response r = fromAddin(HttpRequest.newBuilder(URI.create(server.url("/api/v1/lookup")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"addresses\":[\"" + "a".repeat(4000) + "@x.example\"]}")),
                server.adminToken());
        readableByTheAddin(r, 413);
    }

    @Test
    void aRateLimitedCallIsRefusedReadablyWithItsRetryAfter() {
        String token = server.member("rita@unsilo.test", "Rita");
        TestServer.Response r = null;
        for (int i = 0; i < 4; i++) {
            r = fromAddin(HttpRequest.newBuilder(URI.create(server.url("/api/v1/me"))).GET(), token);
        }
        readableByTheAddin(r, 429);
        assertThat(r.header("Retry-After")).isNotBlank();
        assertThat(r.header("Access-Control-Expose-Headers")).contains("Retry-After");
    }
}
