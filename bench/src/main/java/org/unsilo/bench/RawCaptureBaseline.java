package org.unsilo.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.unsilo.common.NameKey;
import org.unsilo.relationships.Strength;

/**
 * The capture baseline: plain JDBC, no HTTP, no JSON, no address parsing — one transaction per capture that
 * inserts the rows a capture stores (contact, address and organisation when new; message, copy, parties,
 * relationship upserts). On SQLite one connection behind a lock, because SQLite has one writer, with the same PRAGMAs
 * and {@code BEGIN IMMEDIATE} as the server's writer ({@code store.Database}); on PostgreSQL as many connections as the
 * server's write pool (16), each capture on whichever is free, run again when it collided with a concurrent one (a
 * unique violation on a new address or domain, a deadlock).
 */
final class RawCaptureBaseline implements AutoCloseable {

    /** The server's PostgreSQL write pool size ({@code store.Dialect}). */
    static final int POSTGRES_CONNECTIONS = 16;
    private static final int MAX_ATTEMPTS = 5;

    private final BlockingQueue<Writer> writers;
    private final List<Writer> all = new ArrayList<>();
    private final boolean postgres;
    private final Map<String, Long> staffByAddress = new HashMap<>();
    private final Strength strength = new Strength(Duration.ofDays(90));

    RawCaptureBaseline(String jdbcUrl, List<Workload.Staff> staff) throws SQLException {
        postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        int connections = postgres ? POSTGRES_CONNECTIONS : 1;
        writers = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            Writer w = new Writer(postgres ? DriverManager.getConnection(jdbcUrl) : sqlite(jdbcUrl));
            all.add(w);
            writers.add(w);
        }
        staff.forEach(s -> staffByAddress.put(s.address(), s.id()));
    }

    private static Connection sqlite(String jdbcUrl) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(15_000);
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl(jdbcUrl);
        return ds.getConnection();
    }

    /** One connection and its prepared statements. */
    private static final class Writer {
        final Connection conn;
        final PreparedStatement contactByAddress;
        final PreparedStatement orgByDomain;
        final PreparedStatement insertOrg;
        final PreparedStatement insertContact;
        final PreparedStatement insertEmail;
        final PreparedStatement insertMessage;
        final PreparedStatement insertCopy;
        final PreparedStatement insertParty;
        final PreparedStatement upsertRelationship;

        Writer(Connection conn) throws SQLException {
            this.conn = conn;
            conn.setAutoCommit(false);
            contactByAddress = conn.prepareStatement("SELECT contact_id FROM contact_email WHERE address = ?");
            orgByDomain = conn.prepareStatement("SELECT id FROM organization WHERE domain = ?");
            insertOrg = conn.prepareStatement("INSERT INTO organization (name, domain, created_by, created_at, updated_at,"
                    + " sort_name) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
            insertContact = conn.prepareStatement("INSERT INTO contact (display_name, organization_id, source, created_by, created_at,"
                    + " updated_at, info_at, sort_name) VALUES (?, ?, 'outlook', ?, ?, ?, ?, ?) RETURNING id");
            insertEmail = conn.prepareStatement("INSERT INTO contact_email (address, contact_id, created_at) VALUES (?, ?, ?)");
            insertMessage = conn.prepareStatement("INSERT INTO message (internet_message_id, fingerprint, thread_key, subject,"
                    + " subject_norm, participants_hash, sent_at, snippet, body, from_address, source, private, captured_by, captured_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'outlook', 0, ?, ?) ON CONFLICT DO NOTHING RETURNING id");
            insertCopy = conn.prepareStatement("INSERT INTO message_copy (message_id, user_id, source, captured_at)"
                    + " VALUES (?, ?, 'outlook', ?)");
            insertParty = conn.prepareStatement("INSERT INTO message_party (message_id, role, address, name, contact_id, user_id,"
                    + " sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            upsertRelationship = conn.prepareStatement("INSERT INTO relationship (user_id, contact_id, first_at, last_at, sent_count,"
                    + " received_count, message_count, score, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)"
                    + " ON CONFLICT (user_id, contact_id) DO UPDATE SET"
                    + " first_at = CASE WHEN excluded.first_at < relationship.first_at THEN excluded.first_at ELSE relationship.first_at END,"
                    + " last_at = CASE WHEN excluded.last_at > relationship.last_at THEN excluded.last_at ELSE relationship.last_at END,"
                    + " sent_count = relationship.sent_count + excluded.sent_count,"
                    + " received_count = relationship.received_count + excluded.received_count,"
                    + " message_count = relationship.message_count + excluded.message_count,"
                    + " score = relationship.score + excluded.score,"
                    + " updated_at = excluded.updated_at");
        }
    }

    /** Stores one capture in its own transaction (again after a collision, on PostgreSQL); returns false if it failed. */
    boolean capture(Workload.CaptureSpec s) throws InterruptedException {
        long now = System.currentTimeMillis();
        long sentAt = s.sentAt().toEpochMilli();
        TreeSet<String> all = new TreeSet<>();
        s.parties().forEach(p -> all.add(p.address()));
        String participantsHash = DataGenerator.sha256(String.join(",", all));
        TreeSet<String> recipients = new TreeSet<>(all);
        recipients.remove(s.from().address());
        String subjectNorm = s.subject().toLowerCase(java.util.Locale.ROOT);
        String fingerprint = DataGenerator.fingerprint(s.from().address(), recipients, sentAt, subjectNorm, s.snippet());
        Writer w = writers.take();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    store(w, s, now, sentAt, participantsHash, subjectNorm, fingerprint);
                    w.conn.commit();
                    return true;
                } catch (SQLException e) {
                    try {
                        w.conn.rollback();
                    } catch (SQLException ignored) {
                        // the failure is what we report
                    }
                    if (!postgres || attempt >= MAX_ATTEMPTS || !collided(e)) {
                        System.err.println("baseline capture " + s.index() + " failed: " + e.getMessage());
                        return false;
                    }
                }
            }
        } finally {
            writers.add(w);
        }
    }

    /** A concurrent transaction stored the same new address or domain first, or the two deadlocked. */
    private static boolean collided(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.startsWith("40"));
    }

    private void store(Writer w, Workload.CaptureSpec s, long now, long sentAt, String participantsHash, String subjectNorm,
                       String fingerprint) throws SQLException {
        int n = s.parties().size();
        Long[] contactIds = new Long[n];
        Long[] userIds = new Long[n];
        for (int i = 0; i < n; i++) {
            Workload.CaptureParty p = s.parties().get(i);
            Long staffId = staffByAddress.get(p.address());
            if (staffId != null) {
                userIds[i] = staffId;
                continue;
            }
            w.contactByAddress.setString(1, p.address());
            Long known = null;
            try (ResultSet rs = w.contactByAddress.executeQuery()) {
                if (rs.next()) {
                    known = rs.getLong(1);
                }
            }
            if (known == null) {
                Long orgId = null;
                if (p.orgDomain() != null) {
                    w.orgByDomain.setString(1, p.orgDomain());
                    try (ResultSet rs = w.orgByDomain.executeQuery()) {
                        if (rs.next()) {
                            orgId = rs.getLong(1);
                        }
                    }
                    if (orgId == null) {
                        w.insertOrg.setString(1, p.orgDomain());
                        w.insertOrg.setString(2, p.orgDomain());
                        w.insertOrg.setLong(3, s.capturedBy());
                        w.insertOrg.setLong(4, now);
                        w.insertOrg.setLong(5, now);
                        w.insertOrg.setString(6, NameKey.of(p.orgDomain()));
                        orgId = single(w.insertOrg);
                    }
                }
                w.insertContact.setString(1, p.name());
                if (orgId == null) {
                    w.insertContact.setNull(2, Types.INTEGER);
                } else {
                    w.insertContact.setLong(2, orgId);
                }
                w.insertContact.setLong(3, s.capturedBy());
                w.insertContact.setLong(4, now);
                w.insertContact.setLong(5, now);
                w.insertContact.setLong(6, Math.min(sentAt, now));
                w.insertContact.setString(7, NameKey.of(p.name()));
                known = single(w.insertContact);
                w.insertEmail.setString(1, p.address());
                w.insertEmail.setLong(2, known);
                w.insertEmail.setLong(3, now);
                w.insertEmail.executeUpdate();
            }
            contactIds[i] = known;
        }
        w.insertMessage.setString(1, s.internetMessageId());
        w.insertMessage.setString(2, fingerprint);
        w.insertMessage.setString(3, "t:" + fingerprint.substring(0, 24));
        w.insertMessage.setString(4, s.subject());
        w.insertMessage.setString(5, subjectNorm);
        w.insertMessage.setString(6, participantsHash);
        w.insertMessage.setLong(7, sentAt);
        w.insertMessage.setString(8, s.snippet());
        w.insertMessage.setString(9, s.from().address());
        w.insertMessage.setLong(10, s.capturedBy());
        w.insertMessage.setLong(11, now);
        long messageId = single(w.insertMessage);
        w.insertCopy.setLong(1, messageId);
        w.insertCopy.setLong(2, s.capturedBy());
        w.insertCopy.setLong(3, now);
        w.insertCopy.executeUpdate();
        for (int i = 0; i < n; i++) {
            Workload.CaptureParty p = s.parties().get(i);
            w.insertParty.setLong(1, messageId);
            w.insertParty.setString(2, p.role());
            w.insertParty.setString(3, p.address());
            w.insertParty.setString(4, p.name());
            setNullable(w.insertParty, 5, contactIds[i]);
            setNullable(w.insertParty, 6, userIds[i]);
            w.insertParty.setLong(7, sentAt);
            w.insertParty.executeUpdate();
        }
        for (int si = 0; si < n; si++) {
            if (userIds[si] == null) {
                continue;
            }
            for (int ci = 0; ci < n; ci++) {
                if (contactIds[ci] == null) {
                    continue;
                }
                boolean staffSent = si == 0;
                boolean contactSent = ci == 0;
                double weight = staffSent ? Strength.SENT_BY_STAFF
                        : s.parties().get(si).role().equals("to") ? Strength.STAFF_IN_TO : Strength.STAFF_IN_CC;
                w.upsertRelationship.setLong(1, userIds[si]);
                w.upsertRelationship.setLong(2, contactIds[ci]);
                w.upsertRelationship.setLong(3, sentAt);
                w.upsertRelationship.setLong(4, sentAt);
                w.upsertRelationship.setInt(5, staffSent ? 1 : 0);
                w.upsertRelationship.setInt(6, contactSent ? 1 : 0);
                w.upsertRelationship.setDouble(7, strength.score(weight, sentAt, now));
                w.upsertRelationship.setLong(8, now);
                w.upsertRelationship.executeUpdate();
            }
        }
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("no id returned");
            }
            return rs.getLong(1);
        }
    }

    private static void setNullable(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    /** Runs captures {@code from..from+count-1} on {@code threads} threads; the result reads like an HTTP phase (200 = stored). */
    HttpLoad.Result run(String label, int threads, List<Workload.CaptureSpec> specs, int from, int count) throws InterruptedException {
        return ClosedLoop.run(label, threads, count, i -> capture(specs.get(from + i)));
    }

    long count(String sql) throws SQLException {
        Connection conn = all.get(0).conn;
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            conn.commit();
            return n;
        }
    }

    @Override
    public void close() throws SQLException {
        for (Writer w : all) {
            w.conn.close();
        }
    }
}
