package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unsilo.testing.TestDatabase;
import org.unsilo.testing.TestServer;

/** {@code GET /ready} as a load balancer or a person with curl reads it. */
class ReadyTest {

    @Test
    void readyAnswersWithItsStatusFirstAsTheReadmeShows() {
        try (TestServer server = TestServer.start()) {
            TestServer.Response ready = server.get("/ready", null);
            assertThat(ready.status()).isEqualTo(200);
            // Exactly, in this order: a Map.of's order changes from one run of the JVM to the next.
            String database = TestDatabase.isPostgres() ? "postgresql" : "sqlite";
            assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"database\":\"" + database + "\"}");
        }
    }
}
