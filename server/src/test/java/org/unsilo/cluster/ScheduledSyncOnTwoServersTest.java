package org.unsilo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.config.SyncConfig;
import org.unsilo.sync.Provider;
import org.unsilo.testing.GraphMailboxStub;
import org.unsilo.testing.LogCapture;
import org.unsilo.testing.TestDatabase;
import org.unsilo.testing.TestServer;

/**
 * Two servers on one PostgreSQL run a scheduled job once, not once each (issue 9): a mailbox's sync, the real
 * db-scheduler job of {@code SyncScheduler}, due every second, against a stub of Microsoft Graph. Both servers poll
 * for due jobs every second and a round takes longer than half of that, so without the job table's row locking the
 * second server would regularly find the job still due and run it too.
 */
class ScheduledSyncOnTwoServersTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Rounds to watch with both servers up, then with the first one stopped. */
    private static final int ROUNDS_WITH_BOTH = 4;
    private static final int ROUNDS_AFTER = 2;

    @Test
    void aDueMailboxSyncRunsOnceAcrossBothServersAndGoesOnWhenOneStops() throws Exception {
        String dbUrl = TestDatabase.freshPostgres();
        long connectionId;
        try (GraphMailboxStub stub = new GraphMailboxStub(); LogCapture logs = new LogCapture()) {
            Map<String, String> settings = new HashMap<>(stub.settings());
            settings.put(SyncConfig.INTERVAL, INTERVAL.toSeconds() + "s");
            // Both decrypt the refresh token the first one stored: one key for the cluster, not one per data directory.
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            settings.put(SyncConfig.SECRET_KEY, Base64.getEncoder().encodeToString(key));
            Map<String, String> firstSettings = new HashMap<>(settings);
            firstSettings.put(ConfigLoader.DB_URL, dbUrl);
            TestServer second;
            try (TestServer first = TestServer.start(firstSettings)) {
                second = TestServer.alongside(first, settings);
                try {
                    long user = first.staff("synced@unsilo.test", "Synced Staff").id();
                    connectionId = first.app().connections().connect(user, Provider.MICROSOFT, GraphMailboxStub.REFRESH_TOKEN).id();
                    first.app().connections().setFolders(connectionId, List.of("inbox"));
                    first.app().syncScheduler().schedule(connectionId);
                    awaitCompleteRounds(second, connectionId, ROUNDS_WITH_BOTH);
                } catch (Throwable t) {
                    second.close();
                    throw t;
                }
            }
            try (second) {
                // The job lives in the shared table, not in the stopped server: the other one carries on with it.
                awaitCompleteRounds(second, connectionId, completeRounds(second, connectionId) + ROUNDS_AFTER);
            }

            List<Round> rounds = Jdbi.create(dbUrl).withHandle(h -> h.createQuery("SELECT started_at, finished_at, status"
                            + " FROM sync_round WHERE connection_id = :id ORDER BY started_at, id")
                    .bind("id", connectionId)
                    .map((rs, ctx) -> new Round(rs.getLong("started_at"), rs.getLong("finished_at"), rs.getString("status")))
                    .list());
            assertThat(rounds).hasSizeGreaterThanOrEqualTo(ROUNDS_WITH_BOTH + ROUNDS_AFTER);
            assertThat(rounds).extracting(Round::status).as("%s", rounds).containsOnly("complete");
            for (int i = 1; i < rounds.size(); i++) {
                long gap = rounds.get(i).startedAt() - rounds.get(i - 1).finishedAt();
                // Rescheduled one interval after the end of the previous run: a second run of the same due time
                // would start right away, or during the first.
                assertThat(gap).as("pause before round %d of %s", i, rounds).isGreaterThanOrEqualTo(INTERVAL.toMillis() - 50);
            }
            // Each round asked Microsoft once for a token and listed each stream once; never two at the same time.
            assertThat(stub.count("token")).isEqualTo(rounds.size());
            assertThat(stub.count("inbox")).isEqualTo(rounds.size());
            assertThat(stub.count("contacts")).isEqualTo(rounds.size());
            assertThat(stub.mostAtOnce()).as("Graph requests served at once").isEqualTo(1);
            // A run that found the mailbox busy leaves no round and no request, only this line.
            assertThat(logs.lines().stream().filter(l -> l.contains("scheduled sync of connection")).toList())
                    .as("scheduled runs that found the mailbox busy").isEmpty();
            long jobs = Jdbi.create(dbUrl).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM scheduled_tasks"
                    + " WHERE task_name = 'mailbox-sync'").mapTo(Long.class).one());
            assertThat(jobs).as("jobs in the shared table").isEqualTo(1);
        }
    }

    /** A sync_round row as the test reads it once both servers are stopped. */
    private record Round(long startedAt, long finishedAt, String status) {
    }

    private static long completeRounds(TestServer server, long connectionId) {
        return server.app().connections().rounds(connectionId, 1000).stream().filter(r -> "complete".equals(r.status())).count();
    }

    private static void awaitCompleteRounds(TestServer server, long connectionId, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (completeRounds(server, connectionId) < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + atLeast + " complete rounds within 120 s: "
                        + server.app().connections().rounds(connectionId, 1000));
            }
            Thread.sleep(100);
        }
    }
}
