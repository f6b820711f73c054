package org.unsilo.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.unsilo.relationships.Strength;

/**
 * The capture baseline: plain JDBC, no HTTP, no JSON, no address parsing — one transaction per capture that
 * inserts the rows a capture stores (contact, address and organisation when new; message, copy, parties,
 * relationship upserts) on one connection behind a lock, because SQLite has one writer. Same schema, data,
 * PRAGMAs and {@code BEGIN IMMEDIATE} as the server's writer ({@code store.Database}).
 */
final class RawCaptureBaseline implements AutoCloseable {

    private final Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> staffByAddress = new HashMap<>();
    private final Strength strength = new Strength(Duration.ofDays(90));
    private final PreparedStatement contactByAddress;
    private final PreparedStatement orgByDomain;
    private final PreparedStatement insertOrg;
    private final PreparedStatement insertContact;
    private final PreparedStatement insertEmail;
    private final PreparedStatement insertMessage;
    private final PreparedStatement insertCopy;
    private final PreparedStatement insertParty;
    private final PreparedStatement upsertRelationship;

    RawCaptureBaseline(Path db, List<Workload.Staff> staff) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(15_000);
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl("jdbc:sqlite:" + db.toAbsolutePath());
        conn = ds.getConnection();
        conn.setAutoCommit(false);
        staff.forEach(s -> staffByAddress.put(s.address(), s.id()));
        contactByAddress = conn.prepareStatement("SELECT contact_id FROM contact_email WHERE address = ?");
        orgByDomain = conn.prepareStatement("SELECT id FROM organization WHERE domain = ?");
        insertOrg = conn.prepareStatement("INSERT INTO organization (name, domain, created_by, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?) RETURNING id");
        insertContact = conn.prepareStatement("INSERT INTO contact (display_name, organization_id, source, created_by, created_at,"
                + " updated_at) VALUES (?, ?, 'outlook', ?, ?, ?) RETURNING id");
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

    /** Stores one capture in its own transaction; returns false if it failed. */
    boolean capture(Workload.CaptureSpec s) {
        long now = System.currentTimeMillis();
        long sentAt = s.sentAt().toEpochMilli();
        TreeSet<String> all = new TreeSet<>();
        s.parties().forEach(p -> all.add(p.address()));
        String participantsHash = DataGenerator.sha256(String.join(",", all));
        TreeSet<String> recipients = new TreeSet<>(all);
        recipients.remove(s.from().address());
        String subjectNorm = s.subject().toLowerCase(java.util.Locale.ROOT);
        String fingerprint = DataGenerator.fingerprint(s.from().address(), recipients, sentAt, subjectNorm, s.snippet());
        lock.lock();
        try {
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
                contactByAddress.setString(1, p.address());
                Long known = null;
                try (ResultSet rs = contactByAddress.executeQuery()) {
                    if (rs.next()) {
                        known = rs.getLong(1);
                    }
                }
                if (known == null) {
                    Long orgId = null;
                    if (p.orgDomain() != null) {
                        orgByDomain.setString(1, p.orgDomain());
                        try (ResultSet rs = orgByDomain.executeQuery()) {
                            if (rs.next()) {
                                orgId = rs.getLong(1);
                            }
                        }
                        if (orgId == null) {
                            insertOrg.setString(1, p.orgDomain());
                            insertOrg.setString(2, p.orgDomain());
                            insertOrg.setLong(3, s.capturedBy());
                            insertOrg.setLong(4, now);
                            insertOrg.setLong(5, now);
                            orgId = single(insertOrg);
                        }
                    }
                    insertContact.setString(1, p.name());
                    if (orgId == null) {
                        insertContact.setNull(2, Types.INTEGER);
                    } else {
                        insertContact.setLong(2, orgId);
                    }
                    insertContact.setLong(3, s.capturedBy());
                    insertContact.setLong(4, now);
                    insertContact.setLong(5, now);
                    known = single(insertContact);
                    insertEmail.setString(1, p.address());
                    insertEmail.setLong(2, known);
                    insertEmail.setLong(3, now);
                    insertEmail.executeUpdate();
                }
                contactIds[i] = known;
            }
            insertMessage.setString(1, s.internetMessageId());
            insertMessage.setString(2, fingerprint);
            insertMessage.setString(3, "t:" + fingerprint.substring(0, 24));
            insertMessage.setString(4, s.subject());
            insertMessage.setString(5, subjectNorm);
            insertMessage.setString(6, participantsHash);
            insertMessage.setLong(7, sentAt);
            insertMessage.setString(8, s.snippet());
            insertMessage.setString(9, s.from().address());
            insertMessage.setLong(10, s.capturedBy());
            insertMessage.setLong(11, now);
            long messageId = single(insertMessage);
            insertCopy.setLong(1, messageId);
            insertCopy.setLong(2, s.capturedBy());
            insertCopy.setLong(3, now);
            insertCopy.executeUpdate();
            for (int i = 0; i < n; i++) {
                Workload.CaptureParty p = s.parties().get(i);
                insertParty.setLong(1, messageId);
                insertParty.setString(2, p.role());
                insertParty.setString(3, p.address());
                insertParty.setString(4, p.name());
                setNullable(insertParty, 5, contactIds[i]);
                setNullable(insertParty, 6, userIds[i]);
                insertParty.setLong(7, sentAt);
                insertParty.executeUpdate();
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
                    upsertRelationship.setLong(1, userIds[si]);
                    upsertRelationship.setLong(2, contactIds[ci]);
                    upsertRelationship.setLong(3, sentAt);
                    upsertRelationship.setLong(4, sentAt);
                    upsertRelationship.setInt(5, staffSent ? 1 : 0);
                    upsertRelationship.setInt(6, contactSent ? 1 : 0);
                    upsertRelationship.setDouble(7, strength.score(weight, sentAt, now));
                    upsertRelationship.setLong(8, now);
                    upsertRelationship.executeUpdate();
                }
            }
            conn.commit();
            return true;
        } catch (SQLException e) {
            try {
                conn.rollback();
            } catch (SQLException ignored) {
                // the failure is what we report
            }
            System.err.println("baseline capture " + s.index() + " failed: " + e.getMessage());
            return false;
        } finally {
            lock.unlock();
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
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[count];
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        long t0 = System.nanoTime();
                        boolean ok = capture(specs.get(from + i));
                        latencies[i] = System.nanoTime() - t0;
                        if (!ok) {
                            failed.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "raw-capture-" + t);
            th.setDaemon(true);
            all.add(th);
            th.start();
        }
        long start = System.nanoTime();
        go.countDown();
        done.await();
        long wall = System.nanoTime() - start;
        Arrays.sort(latencies);
        Map<Integer, Integer> statuses = new TreeMap<>();
        if (count - failed.get() > 0) {
            statuses.put(200, count - failed.get());
        }
        if (failed.get() > 0) {
            statuses.put(0, failed.get());
        }
        return new HttpLoad.Result(label, threads, count, failed.get(), statuses, wall, latencies);
    }

    long count(String sql) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            conn.commit();
            return n;
        }
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
