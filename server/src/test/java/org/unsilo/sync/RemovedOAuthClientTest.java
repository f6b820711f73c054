package org.unsilo.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import org.unsilo.importer.ImportProgress;
import org.unsilo.testing.GraphMailboxStub;
import org.unsilo.testing.LogCapture;
import org.unsilo.testing.TestDatabase;

/**
 * A connection whose provider's OAuth client an admin removed from the settings: every round fails the same way until
 * the client is set up again. The connection's stored error tells the user each time; the log tells the admin once,
 * when it starts, and once when it clears, not once per sync interval for ever. The rounds run in separate App
 * instances on one database, as after restarts or on several servers: the memory is the stored error.
 */
class RemovedOAuthClientTest {

    private static final String MISSING = "connecting microsoft is not set up on this server";

    @TempDir
    Path dir;

    @Test
    void theMissingClientIsLoggedOnceAndItsReturnOnceWhileEveryRoundShowsTheError() throws Exception {
        String dbUrl = TestDatabase.freshUrl(dir);
        try (GraphMailboxStub stub = new GraphMailboxStub()) {
            long connectionId;
            try (App app = app(dbUrl, stub.settings())) {
                long user = app.users().create(null, "synced@unsilo.test", "Synced Staff", "member").id();
                connectionId = app.connections().connect(user, Provider.MICROSOFT, GraphMailboxStub.REFRESH_TOKEN).id();
                app.connections().setFolders(connectionId, List.of("inbox"));
            }

            try (LogCapture logs = new LogCapture()) {
                for (int round = 1; round <= 2; round++) {
                    try (App app = app(dbUrl, Map.of())) {
                        SyncService.RoundResult r = app.sync().runRound(connectionId, ImportProgress.NONE);
                        assertThat(r.outcome()).as("round %d", round).isEqualTo(SyncService.Outcome.FAILED);
                        assertThat(app.connections().find(connectionId).orElseThrow().lastError()).as("round %d", round)
                                .contains(MISSING, "UNSILO_MICROSOFT_CLIENT_ID");
                    }
                }
                assertThat(syncLines(logs)).as("sync log lines over two failed rounds").hasSize(1)
                        .allSatisfy(l -> assertThat(l).contains("connection " + connectionId, MISSING));

                try (App app = app(dbUrl, stub.settings())) {
                    SyncService.RoundResult r = app.sync().runRound(connectionId, ImportProgress.NONE);
                    assertThat(r.outcome()).as("%s", r.message()).isEqualTo(SyncService.Outcome.COMPLETE);
                    assertThat(app.connections().find(connectionId).orElseThrow().status()).isEqualTo("healthy");
                }
                assertThat(stub.count("inbox")).as("inbox listings").isEqualTo(1);
                List<String> lines = syncLines(logs);
                assertThat(lines).as("sync log lines once the client is back").hasSize(2);
                assertThat(lines.get(1)).contains("connection " + connectionId, "syncs again");
            }
        }
    }

    /** What SyncService logged about rounds. */
    private static List<String> syncLines(LogCapture logs) {
        return logs.lines().stream().filter(l -> l.startsWith(SyncService.class.getName() + " ")).toList();
    }

    private App app(String dbUrl, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        values.put(ConfigLoader.DATA_DIR, dir.toString());
        values.put(ConfigLoader.DB_URL, dbUrl);
        return new App(new ConfigLoader(Map.of()).load(null, values), Clock.systemUTC());
    }
}
