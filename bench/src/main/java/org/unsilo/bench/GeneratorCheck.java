package org.unsilo.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unsilo.App;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureResult;
import org.unsilo.capture.Party;
import org.unsilo.config.ConfigLoader;

/**
 * Proves, on a small database made by the same generator, that the generated rows are what the server itself
 * would have stored: the relationship table equals {@code RelationshipService.rebuild()} over the generated
 * messages, re-capturing a generated message without its Message-ID is recognised as the same message (so the
 * fingerprints match), and a new reply lands in the generated thread (so subject/participant hashes and thread
 * keys match). Takes a few seconds; runs before every benchmark.
 */
public final class GeneratorCheck {

    private GeneratorCheck() {
    }

    /** Returns a one-line summary; throws when the generated data disagrees with the server. */
    public static String run(Path dir, PrintStream log) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("generator-check.db");
        DataGenerator gen = new DataGenerator(new DataGenerator.Sizes(2_000, 10_000, 20), 7L, new PrintStream(PrintStream.nullOutputStream()));
        gen.generate(db);
        String url = "jdbc:sqlite:" + db.toAbsolutePath();
        List<String> problems = new ArrayList<>();

        Map<String, double[]> generated = relationships(url);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
            if (rs.next()) {
                problems.add("foreign key violation in " + rs.getString(1));
            }
        }

        Map<String, String> settings = new HashMap<>();
        settings.put(ConfigLoader.DB_URL, url);
        settings.put(ConfigLoader.DATA_DIR, dir.resolve("check-data").toString());
        settings.put(ConfigLoader.PORT, "0");
        int recaptured = 0;
        int replies = 0;
        try (App app = new App(new ConfigLoader(Map.of()).load(null, settings), Clock.systemUTC())) {
            app.relationships().rebuild();
            Map<String, double[]> rebuilt = relationships(url);
            if (rebuilt.size() != generated.size()) {
                problems.add("relationships: generated " + generated.size() + " rows, rebuild gives " + rebuilt.size());
            }
            int mismatches = 0;
            for (Map.Entry<String, double[]> e : rebuilt.entrySet()) {
                double[] g = generated.get(e.getKey());
                double[] r = e.getValue();
                boolean same = g != null;
                for (int i = 0; same && i < r.length; i++) {
                    double tolerance = i == r.length - 1 ? Math.abs(r[i]) * 1e-9 : 0;
                    same = Math.abs(g[i] - r[i]) <= tolerance;
                }
                if (!same && mismatches++ < 3) {
                    problems.add("relationship " + e.getKey() + ": generated " + java.util.Arrays.toString(g) + ", rebuild "
                            + java.util.Arrays.toString(r));
                }
            }
            if (mismatches > 3) {
                problems.add("... " + mismatches + " relationship rows differ in all");
            }

            try (Connection c = DriverManager.getConnection(url)) {
                // Every 50th message, captured again without its Message-ID: must be found by fingerprint.
                List<long[]> sample = new ArrayList<>();
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT id, captured_by FROM message WHERE id % 50 = 0")) {
                    while (rs.next()) {
                        sample.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
                for (long[] m : sample) {
                    Capture capture = captureOf(c, m[0], m[1], false);
                    CaptureResult r = app.captures().capture(capture);
                    if (r.created() || r.message().id() != m[0]) {
                        problems.add("re-capture of message " + m[0] + " was not recognised (got " + r.message().id()
                                + ", created=" + r.created() + ")");
                        break;
                    }
                    recaptured++;
                }
                // A reply in each of some threads: must land in that thread.
                List<long[]> lasts = new ArrayList<>();
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT MAX(id), MIN(captured_by) FROM message GROUP BY thread_key"
                             + " HAVING COUNT(*) > 1 ORDER BY MAX(id) LIMIT 100")) {
                    while (rs.next()) {
                        lasts.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
                for (long[] m : lasts) {
                    String threadKey;
                    try (PreparedStatement ps = c.prepareStatement("SELECT thread_key FROM message WHERE id = ?")) {
                        ps.setLong(1, m[0]);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            threadKey = rs.getString(1);
                        }
                    }
                    CaptureResult r = app.captures().capture(captureOf(c, m[0], m[1], true));
                    if (!r.created() || !r.message().threadKey().equals(threadKey)) {
                        problems.add("reply to message " + m[0] + " got thread " + r.message().threadKey() + ", expected " + threadKey);
                        break;
                    }
                    replies++;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("generated data is not what the server would store:\n  " + String.join("\n  ", problems));
        }
        String summary = String.format("OK on a %,d-contact / %,d-message sample: %,d relationship rows equal RelationshipService.rebuild(),"
                + " %d re-captures matched by fingerprint, %d replies joined their thread, no foreign-key violations",
                2_000, 10_000, generated.size(), recaptured, replies);
        log.println("Generator check: " + summary);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        return summary;
    }

    private static Map<String, double[]> relationships(String url) throws Exception {
        Map<String, double[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT user_id, contact_id, first_at, last_at, sent_count, received_count,"
                     + " message_count, score FROM relationship")) {
            while (rs.next()) {
                out.put(rs.getLong(1) + "/" + rs.getLong(2), new double[] {rs.getLong(3), rs.getLong(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getDouble(8)});
            }
        }
        return out;
    }

    /** The capture a client would send for a stored message (or, with {@code reply}, for a reply one hour later). */
    private static Capture captureOf(Connection c, long messageId, long capturedBy, boolean reply) throws Exception {
        String subject;
        String snippet;
        long sentAt;
        String source;
        try (PreparedStatement ps = c.prepareStatement("SELECT subject, snippet, sent_at, source FROM message WHERE id = ?")) {
            ps.setLong(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                subject = rs.getString(1);
                snippet = rs.getString(2);
                sentAt = rs.getLong(3);
                source = rs.getString(4);
            }
        }
        Party from = null;
        List<Party> to = new ArrayList<>();
        List<Party> cc = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT role, address, name FROM message_party WHERE message_id = ?"
                + " ORDER BY CASE role WHEN 'from' THEN 0 WHEN 'to' THEN 1 ELSE 2 END, rowid")) {
            ps.setLong(1, messageId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Party p = Party.of(rs.getString(2), rs.getString(3));
                    switch (rs.getString(1)) {
                        case "from" -> from = p;
                        case "to" -> to.add(p);
                        default -> cc.add(p);
                    }
                }
            }
        }
        if (reply) {
            // The first recipient answers everyone.
            Party writer = to.remove(0);
            to.add(0, from);
            from = writer;
            subject = "RE: " + subject;
            snippet = "Thanks, agreed. " + messageId;
            sentAt += 3_600_000;
        }
        return new Capture(Capture.Source.fromWire(source), capturedBy, null, null, null, subject, Instant.ofEpochMilli(sentAt),
                from, to, cc, null, snippet, Map.of(), false);
    }
}
