package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import org.unsilo.store.Dialect;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.CliRun;
import org.unsilo.testing.NewerSchema;
import org.unsilo.testing.TestServer;

/**
 * {@code unsilo backup} while the server is taking a burst of captures, then {@code unsilo restore} into another data
 * directory: the copy is a consistent database, holding every capture whole or not at all.
 */
class BackupRestoreTest {

    @TempDir
    Path work;

    @Test
    void aBackupTakenDuringABurstOfCapturesRestoresToAConsistentDatabase() throws Exception {
        Path backup = work.resolve("during-burst.db");
        long acknowledgedBeforeBackup;
        long acknowledgedAfterBackup;
        try (TestServer server = TestServer.start(Map.of(ConfigLoader.DB_URL,
                "jdbc:sqlite:" + work.resolve("live").resolve("unsilo.db")))) {
            assertThat(server.app().db().dialect()).isEqualTo(Dialect.SQLITE);
            String token = server.member("burst@unsilo.test", "Burst Staff");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acknowledged = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        TestServer.Response r = server.capture(token, CaptureJson.from("p" + client + "-" + i + "@client" + (i % 13) + ".com")
                                .to("burst@unsilo.test").cc("cc" + client + "-" + i + "@partner.com"));
                        assertThat(r.status()).as(r.body()).isEqualTo(201);
                        acknowledged.incrementAndGet();
                    }
                    return null;
                }));
            }
            while (acknowledged.get() < 40) {
                Thread.sleep(10);
            }
            acknowledgedBeforeBackup = acknowledged.get();
            CliRun.Result result = CliRun.run("backup", backup.toString(), "--db-url", server.app().config().dbUrl());
            acknowledgedAfterBackup = acknowledged.get();
            // Keep writing a little after the copy, so that it is not simply the final state.
            while (acknowledged.get() < acknowledgedAfterBackup + 20) {
                Thread.sleep(10);
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(60, TimeUnit.SECONDS);
            }
            clients.shutdown();

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.lastLine()).startsWith("Backed up to " + backup).contains("integrity check ok");
            assertThat(count(server.app().config().dbUrl(), "SELECT COUNT(*) FROM message"))
                    .isGreaterThan(acknowledgedAfterBackup);
        }

        assertConsistent("jdbc:sqlite:" + backup);
        long inBackup = count("jdbc:sqlite:" + backup, "SELECT COUNT(*) FROM message");
        // Every capture acknowledged before the backup started is in it; none acknowledged long after can be.
        assertThat(inBackup).isBetween(acknowledgedBeforeBackup, acknowledgedAfterBackup + 4);

        Path restoredDir = work.resolve("restored");
        CliRun.Result restore = CliRun.run("restore", backup.toString(), "--data-dir", restoredDir.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        String restoredUrl = "jdbc:sqlite:" + restoredDir.resolve("unsilo.db");
        assertConsistent(restoredUrl);
        assertThat(count(restoredUrl, "SELECT COUNT(*) FROM message")).isEqualTo(inBackup);
        // The restored database serves: the staff member's token still works on a server started over it.
        try (App app = new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, restoredDir.toString())),
                Clock.systemUTC())) {
            assertThat(app.users().count()).isEqualTo(2);
        }
    }

    @Test
    void backupRefusesToOverwriteAndRestoreRefusesAFileThatIsNotAnUnsiloBackup() throws Exception {
        Path dataDir = work.resolve("data");
        assertThat(CliRun.run("users", "add", "--email", "kept@x.com", "--name", "Kept", "--data-dir", dataDir.toString())
                .exitCode()).isZero();
        Path existing = Files.writeString(work.resolve("existing.db"), "keep me");
        CliRun.Result backup = CliRun.run("backup", existing.toString(), "--data-dir", dataDir.toString());
        assertThat(backup.exitCode()).isEqualTo(2);
        assertThat(backup.err()).contains("already exists");
        assertThat(Files.readString(existing)).isEqualTo("keep me");

        CliRun.Result notSqlite = CliRun.run("restore", existing.toString(), "--data-dir", dataDir.toString());
        assertThat(notSqlite.exitCode()).isEqualTo(2);
        assertThat(notSqlite.err()).contains("not an SQLite database");

        Path otherDb = work.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + otherDb); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }
        CliRun.Result notUnsilo = CliRun.run("restore", otherDb.toString(), "--data-dir", dataDir.toString());
        assertThat(notUnsilo.exitCode()).isEqualTo(2);
        assertThat(notUnsilo.err()).contains("not an Unsilo database");

        // A backup of a newer version: refused before the database it would replace is touched.
        Path live = dataDir.resolve("unsilo.db");
        Path newer = work.resolve("newer.db");
        assertThat(CliRun.run("backup", newer.toString(), "--data-dir", dataDir.toString()).exitCode()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement s = c.createStatement()) {
            s.execute("DELETE FROM app_user");
        }
        NewerSchema.recordNextMigration(newer);
        CliRun.Result fromNewer = CliRun.run("restore", newer.toString(), "--data-dir", dataDir.toString());
        assertThat(fromNewer.exitCode()).isEqualTo(2);
        assertThat(fromNewer.err()).contains("made by a newer version of Unsilo");
        assertThat(count("jdbc:sqlite:" + live, "SELECT COUNT(*) FROM app_user WHERE email = 'kept@x.com'"))
                .as("the live database as it was").isEqualTo(1);

        CliRun.Result postgres = CliRun.run("backup", work.resolve("pg.dump").toString(), "--db-url",
                "jdbc:postgresql://127.0.0.1:1/unsilo");
        assertThat(postgres.exitCode()).isEqualTo(2);
        assertThat(postgres.err()).contains("pg_dump");
    }

    @Test
    void restoreRefusesADatabaseAServerIsUsingAndBackupMakesItsFolder() throws Exception {
        Path liveDir = work.resolve("served");
        Path backup = work.resolve("new-folder").resolve("nested").resolve("served.db");
        try (TestServer server = TestServer.start(Map.of(ConfigLoader.DB_URL, "jdbc:sqlite:" + liveDir.resolve("unsilo.db")))) {
            server.member("still@unsilo.test", "Still Here");
            CliRun.Result made = CliRun.run("backup", backup.toString(), "--data-dir", liveDir.toString());
            assertThat(made.exitCode()).as(made.err()).isZero();
            assertThat(backup).isRegularFile();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + backup); Statement s = c.createStatement()) {
                s.execute("DELETE FROM app_user WHERE email = 'still@unsilo.test'");
            }

            CliRun.Result refused = CliRun.run("restore", backup.toString(), "--data-dir", liveDir.toString());
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err()).contains("a server is running on this database; stop it first");
            assertThat(server.app().users().findByEmail("still@unsilo.test")).as("the live database untouched").isPresent();
        }
        CliRun.Result restored = CliRun.run("restore", backup.toString(), "--data-dir", liveDir.toString());
        assertThat(restored.exitCode()).as("once the server has stopped: %s", restored.err()).isZero();
        assertThat(count("jdbc:sqlite:" + liveDir.resolve("unsilo.db"), "SELECT COUNT(*) FROM app_user WHERE email = 'still@unsilo.test'"))
                .isZero();
    }

    @Test
    void aSecondServerOnTheSameSqliteFileIsWarnedAbout() throws Exception {
        try (TestServer first = TestServer.start(Map.of(ConfigLoader.DB_URL, "jdbc:sqlite:" + work.resolve("shared").resolve("unsilo.db")));
             org.unsilo.testing.LogCapture log = new org.unsilo.testing.LogCapture()) {
            assertThat(log.lines()).noneMatch(l -> l.contains("Another Unsilo server"));
            try (TestServer second = TestServer.alongside(first)) {
                assertThat(second.get("/ready", null).status()).as("it still serves").isEqualTo(200);
                assertThat(log.lines()).anyMatch(l -> l.contains("Another Unsilo server is already using this SQLite database"));
            }
        }
    }

    /** integrity_check ok, no dangling reference, and no capture half-written: each message has its copy and parties. */
    private static void assertConsistent(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as("foreign key violations in %s", url).isFalse();
            }
        }
        assertThat(count(url, "SELECT COUNT(*) FROM message m WHERE NOT EXISTS"
                + " (SELECT 1 FROM message_copy c WHERE c.message_id = m.id)")).isZero();
        assertThat(count(url, "SELECT COUNT(*) FROM message m WHERE (SELECT COUNT(*) FROM message_party p"
                + " WHERE p.message_id = m.id) <> 3")).isZero();
        assertThat(count(url, "SELECT COUNT(*) FROM contact c WHERE NOT EXISTS"
                + " (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id)")).isZero();
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
