package org.unsilo.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestClock;
import org.unsilo.testing.TestServer;

/**
 * The request rate limits on a real server (issue 9): per API token, per client address for requests without a valid
 * credential, 429 problem+json with Retry-After, independent buckets, refilled when the clock moves on, and 0 = off.
 */
class RateLimitTest {

    private static final int PER_TOKEN = 5;
    private static final int PER_IP = 3;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start(int perToken, int perIp) {
        server = TestServer.start(Map.of(ConfigLoader.RATE_LIMIT_PER_TOKEN, Integer.toString(perToken),
                ConfigLoader.RATE_LIMIT_PER_IP, Integer.toString(perIp)), clock);
        return server;
    }

    @Test
    void aTokenGetsItsLimitPerMinuteThen429WithRetryAfterAndIsLetThroughAgainOnceTheBucketRefills() {
        TestServer s = start(PER_TOKEN, PER_IP);
        String ada = s.member("ada@unsilo.test", "Ada");
        for (int i = 0; i < PER_TOKEN; i++) {
            assertThat(s.get("/api/v1/me", ada).status()).as("request %d", i + 1).isEqualTo(200);
        }
        TestServer.Response refused = s.get("/api/v1/me", ada);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("title").asText()).isEqualTo("Too many requests");
        assertThat(refused.json().path("detail").asText()).contains(PER_TOKEN + " requests per minute");
        // Five a minute come back one every 12 s.
        assertThat(refused.header("Retry-After")).isEqualTo("12");
        assertThat(s.lookup(ada, "x@example.com").status()).as("every API route counts").isEqualTo(429);

        assertThat(s.get("/api/v1/me", s.member("bob@unsilo.test", "Bob")).status())
                .as("another token has its own bucket").isEqualTo(200);
        assertThat(s.get("/api/v1/me", s.adminToken()).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(11));
        assertThat(s.get("/api/v1/me", ada).header("Retry-After")).as("a second before the next token").isEqualTo("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.get("/api/v1/me", ada).status()).isEqualTo(200);
        assertThat(s.get("/api/v1/me", ada).status()).isEqualTo(429);

        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < PER_TOKEN; i++) {
            assertThat(s.get("/api/v1/me", ada).status()).as("after the window, request %d", i + 1).isEqualTo(200);
        }
        assertThat(s.get("/api/v1/me", ada).status()).isEqualTo(429);
    }

    @Test
    void requestsWithoutAValidCredentialAreCountedPerAddressButValidTokensFromThatAddressAreNot() {
        TestServer s = start(PER_TOKEN, PER_IP);
        for (int i = 0; i < PER_IP; i++) {
            assertThat(s.get("/api/v1/me", "uns_guessed" + i).status()).as("guess %d", i + 1).isEqualTo(401);
        }
        TestServer.Response refused = s.get("/api/v1/me", "uns_guessed-again");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).as("three a minute: one every 20 s").isEqualTo("20");
        assertThat(s.get("/api/v1/me", null).status()).as("no token at all").isEqualTo(429);
        assertThat(s.get("/addin/config.json", null).status()).as("the add-in's files count per address too").isEqualTo(429);

        assertThat(s.get("/api/v1/me", s.adminToken()).status())
                .as("a valid token from the same address (an office behind one NAT)").isEqualTo(200);
        assertThat(s.get("/health", null).status()).as("load balancer probes are never limited").isEqualTo(200);

        clock.advance(Duration.ofSeconds(20));
        assertThat(s.get("/addin/config.json", null).status()).isEqualTo(200);
        assertThat(s.get("/api/v1/me", "uns_guessed").status()).isEqualTo(429);
    }

    @Test
    void zeroTurnsTheLimitsOff() {
        TestServer s = start(0, 0);
        for (int i = 0; i < 40; i++) {
            assertThat(s.get("/api/v1/me", s.adminToken()).status()).isEqualTo(200);
            assertThat(s.get("/api/v1/me", "uns_guessed").status()).isEqualTo(401);
        }
    }
}
