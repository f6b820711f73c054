package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.CliRun;

/**
 * {@code kill -9} in the middle of an import: the CLI runs in a child JVM on two Enron mailboxes, is killed
 * (SIGKILL, no shutdown hooks) once some checkpoints are committed, and run again to the end. The database must
 * then be exactly what an uninterrupted run produces on a fresh data directory.
 */
@Tag("acceptance")
class MailImportKillAcceptanceTest {

    private static final int BATCH = 100;

    @TempDir
    Path tmp;

    @Test
    void killedInTheMiddleAndRunAgainEndsExactlyLikeAnUninterruptedRun() throws Exception {
        Path maildir = SharedData.extractEnron(tmp.resolve("enron"));
        // Two mailboxes that write to each other a lot (allen-p → holst-k, README), so copies fold across them.
        Path two = Files.createDirectories(tmp.resolve("two-mailboxes"));
        Files.move(maildir.resolve("allen-p"), two.resolve("allen-p"));
        Files.move(maildir.resolve("holst-k"), two.resolve("holst-k"));
        Path killed = tmp.resolve("data-killed");
        Path clean = tmp.resolve("data-clean");
        // Import works on a database a server has made; it does not make one.
        for (Path dataDir : List.of(killed, clean)) {
            assertThat(CliRun.run("users", "add", "--email", "admin@unsilo.test", "--name", "Admin", "--data-dir",
                    dataDir.toString()).exitCode()).isZero();
        }

        Process first = importer(two, killed, "run-1.log");
        long processedAtKill = waitForCheckpoints(first, killed, 3 * BATCH);
        // A little later, so the kill most likely lands inside a batch's transaction rather than between two.
        Thread.sleep(70);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> job = job(killed);
        assertThat(job.get("status")).as("the job of the killed run").isEqualTo("running");
        long total = ((Number) job.get("total")).longValue();
        long committed = ((Number) job.get("processed")).longValue();
        assertThat(committed).isGreaterThanOrEqualTo(processedAtKill).isLessThan(total);
        assertThat(committed % BATCH).as("checkpoints fall on batch boundaries").isZero();
        System.out.printf("killed with %d of %d messages committed%n", committed, total);

        Process second = importer(two, killed, "run-2.log");
        assertFinished(second, "run-2.log");
        assertThat(Files.readString(tmp.resolve("run-2.log"))).contains("resumed at " + String.format("%,d", committed));

        Process uninterrupted = importer(two, clean, "run-clean.log");
        assertFinished(uninterrupted, "run-clean.log");

        Map<String, Object> afterKill = state(killed);
        Map<String, Object> reference = state(clean);
        System.out.println("after kill -9 and resume: " + afterKill);
        assertThat(afterKill).isEqualTo(reference);
        assertThat(((Number) reference.get("message")).longValue()).isPositive();

        Process third = importer(two, killed, "run-3.log");
        assertFinished(third, "run-3.log");
        assertThat(Files.readString(tmp.resolve("run-3.log"))).contains("Nothing to do");
        assertThat(state(killed)).isEqualTo(reference);
    }

    private Process importer(Path source, Path dataDir, String log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.unsilo.cli.Main",
                "import", "mail", source.toString(), "--owners-by-folder", "--batch-size", Integer.toString(BATCH),
                "--data-dir", dataDir.toString());
        pb.environment().put("UNSILO_INTERNAL_DOMAINS", "enron.com");
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile());
        return pb.start();
    }

    private void assertFinished(Process p, String log) throws Exception {
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the import did not finish in 10 minutes; its output:%n%s", Files.readString(tmp.resolve(log)));
        }
        assertThat(p.exitValue()).as("exit code; output:%n%s", Files.readString(tmp.resolve(log))).isZero();
    }

    /** Polls the child's database until at least {@code atLeast} messages are committed; returns how many. */
    private long waitForCheckpoints(Process p, Path dataDir, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("the import ended (exit %d) before it could be killed; output:%n%s", p.exitValue(),
                        Files.readString(tmp.resolve("run-1.log")));
            }
            try {
                Map<String, Object> job = job(dataDir);
                long processed = ((Number) job.get("processed")).longValue();
                if (processed >= atLeast && "running".equals(job.get("status"))) {
                    return processed;
                }
            } catch (SQLException | IllegalStateException e) {
                // not created or migrated yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint after 5 minutes");
    }

    private static Connection open(Path dataDir) throws SQLException {
        Path db = dataDir.resolve("unsilo.db");
        if (!Files.exists(db)) {
            throw new IllegalStateException("no database yet");
        }
        return DriverManager.getConnection("jdbc:sqlite:" + db);
    }

    private static Map<String, Object> job(Path dataDir) throws SQLException {
        try (Connection c = open(dataDir); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, total, processed, counts FROM import_job")) {
            if (!rs.next()) {
                throw new IllegalStateException("no job yet");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", rs.getString(1));
            m.put("total", rs.getLong(2));
            m.put("processed", rs.getLong(3));
            m.put("counts", rs.getString(4));
            return m;
        }
    }

    /** Everything an import produces, as comparable values: table sizes, relationship sums, the job's counts and issues, and every message's fingerprint and thread. */
    private static Map<String, Object> state(Path dataDir) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Connection c = open(dataDir); Statement s = c.createStatement()) {
            for (String table : List.of("app_user", "user_email", "message", "message_copy", "message_party", "contact",
                    "contact_email", "organization", "org_domain", "relationship", "import_issue")) {
                m.put(table, one(s, "SELECT COUNT(*) FROM " + table));
            }
            m.put("relationship.messages", one(s, "SELECT SUM(message_count) FROM relationship"));
            m.put("relationship.sent", one(s, "SELECT SUM(sent_count) FROM relationship"));
            m.put("relationship.received", one(s, "SELECT SUM(received_count) FROM relationship"));
            try (ResultSet rs = s.executeQuery("SELECT SUM(score) FROM relationship")) {
                rs.next();
                // Same additions in the same order: equal to the last bits, but compare as the product rounds strengths.
                m.put("relationship.score", String.format("%.9e", rs.getDouble(1)));
            }
            try (ResultSet rs = s.executeQuery("SELECT counts, status, processed FROM import_job")) {
                rs.next();
                m.put("job.counts", new ObjectMapper().readValue(rs.getString(1), Map.class));
                m.put("job.status", rs.getString(2));
                m.put("job.processed", rs.getLong(3));
            }
            m.put("issues", strings(s, "SELECT item || ' | ' || reason FROM import_issue ORDER BY item"));
            m.put("messages", strings(s, "SELECT fingerprint || ' ' || thread_key || ' ' || from_address FROM message ORDER BY fingerprint"));
            m.put("copies", strings(s, "SELECT m.fingerprint || ' ' || u.email FROM message_copy mc JOIN message m ON m.id = mc.message_id"
                    + " JOIN app_user u ON u.id = mc.user_id ORDER BY 1"));
            m.put("contacts", strings(s, "SELECT e.address || ' ' || COALESCE(c.display_name, '') || ' ' || COALESCE(o.domain, '')"
                    + " FROM contact_email e JOIN contact c ON c.id = e.contact_id LEFT JOIN organization o ON o.id = c.organization_id"
                    + " ORDER BY 1"));
        }
        return m;
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
