package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.ConnectionDao;
import org.unsilo.store.ConnectionRow;
import org.unsilo.sync.Provider;
import org.unsilo.testing.TestServer;

/** {@code GET /metrics}: Prometheus text for admins only, with request figures per route template. */
class MetricsTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void onlyAnAdminMayReadTheMetrics() {
        TestServer.Staff member = server.staff("mia@unsilo.test", "Mia Member");
        assertThat(server.get("/metrics", null).status()).isEqualTo(401);
        assertThat(server.get("/metrics", member.token()).status()).isEqualTo(403);
        assertThat(server.get("/metrics", "uns_not-a-real-token").status()).isEqualTo(401);
    }

    @Test
    void requestsAreCountedPerRouteTemplateWithJvmAndSyncFigures() {
        TestServer.Staff member = server.staff("max@unsilo.test", "Max Member");
        for (long id : new long[] {123456, 654321}) {
            assertThat(server.get("/api/v1/contacts/" + id, member.token()).status()).isEqualTo(404);
        }
        TestServer.Response r = server.get("/metrics", server.adminToken());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body())
                .containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"/api/v1/contacts/\\{id}\"[^}]*status=\"404\"[^}]*} 2(\\.0)?\\n")
                .doesNotContain("123456")
                .contains("jvm_memory_used_bytes", "unsilo_sync_connections_unhealthy", "unsilo_sync_lag_seconds_max");
    }

    @Test
    void syncGaugesShowTheOldestCompleteRoundAndTheConnectionsNotHealthy() {
        TestServer.Staff healthy = server.staff("gauge-ok@unsilo.test", "Gauge Ok");
        TestServer.Staff broken = server.staff("gauge-broken@unsilo.test", "Gauge Broken");
        ConnectionRow ok = server.app().connections().connect(healthy.id(), Provider.GOOGLE, "rt-ok");
        ConnectionRow revoked = server.app().connections().connect(broken.id(), Provider.MICROSOFT, "rt-revoked");
        long now = System.currentTimeMillis();
        server.app().db().write(h -> {
            ConnectionDao dao = h.attach(ConnectionDao.class);
            dao.succeeded(ok.id(), now - 600_000);
            dao.broken(revoked.id(), "access revoked", now);
            return null;
        });

        String body = server.get("/metrics", server.adminToken()).body();

        assertThat(gauge(body, "unsilo_sync_lag_seconds_max")).isBetween(600.0, 660.0);
        assertThat(gauge(body, "unsilo_sync_connections_unhealthy")).isEqualTo(1.0);
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("%s in%n%s", name, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
