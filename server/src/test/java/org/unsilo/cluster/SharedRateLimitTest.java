package org.unsilo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestDatabase;
import org.unsilo.testing.TestServer;

/**
 * Two servers on one PostgreSQL share their rate limits (issue 9): whichever server answers, a token or an address
 * gets its limit once, not once per server. Always on the embedded PostgreSQL, like {@link TwoServersOnePostgresTest}.
 */
class SharedRateLimitTest {

    private static final Map<String, String> LIMITS = Map.of(ConfigLoader.RATE_LIMIT_PER_TOKEN, "4",
            ConfigLoader.RATE_LIMIT_PER_IP, "2");

    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(LIMITS);
        settings.put(ConfigLoader.DB_URL, TestDatabase.freshPostgres());
        first = TestServer.start(settings);
        second = TestServer.alongside(first, LIMITS);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void aTokensRequestsThroughBothServersDrawOnOneBucket() {
        String token = first.member("shared@unsilo.test", "Shared Limit");
        assertThat(first.get("/api/v1/me", token).status()).isEqualTo(200);
        assertThat(second.get("/api/v1/me", token).status()).isEqualTo(200);
        assertThat(first.get("/api/v1/me", token).status()).isEqualTo(200);
        assertThat(second.get("/api/v1/me", token).status()).isEqualTo(200);

        TestServer.Response onFirst = first.get("/api/v1/me", token);
        TestServer.Response onSecond = second.get("/api/v1/me", token);
        assertThat(onFirst.status()).as(onFirst.body()).isEqualTo(429);
        assertThat(onSecond.status()).as(onSecond.body()).isEqualTo(429);
        assertThat(Long.parseLong(onSecond.header("Retry-After"))).isBetween(1L, 15L);

        assertThat(second.get("/api/v1/me", first.adminToken()).status()).as("another token").isEqualTo(200);
    }

    @Test
    void anAddressWithoutCredentialsIsCountedAcrossBothServers() {
        assertThat(first.get("/api/v1/me", "uns_wrong-1").status()).isEqualTo(401);
        assertThat(second.get("/api/v1/me", "uns_wrong-2").status()).isEqualTo(401);
        assertThat(first.get("/api/v1/me", "uns_wrong-3").status()).isEqualTo(429);
        assertThat(second.get("/api/v1/me", "uns_wrong-4").status()).isEqualTo(429);
        long rows = first.app().db().read(h -> h.createQuery("SELECT COUNT(*) FROM rate_limit_bucket").mapTo(Long.class).one());
        assertThat(rows).as("buckets are rows in PostgreSQL").isPositive();
    }
}
