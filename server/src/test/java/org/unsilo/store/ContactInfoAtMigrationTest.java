package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.TestDatabase;

/**
 * Migration 40 dates the contacts a database already holds (contact.info_at, the dashboard's "updated" and "stale"):
 * those taken from mail that no person edited as their newest message, at most; every other one as its last change.
 * So a mailbox of old mail imported before the upgrade stops reading as updated on the day of the import.
 */
class ContactInfoAtMigrationTest {

    private static final long IMPORTED = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private static final long EDITED = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    private static final long SENT_2001 = Instant.parse("2001-05-14T09:30:00Z").toEpochMilli();
    private static final long SENT_2002 = Instant.parse("2002-02-01T09:30:00Z").toEpochMilli();
    private static final long AHEAD = Instant.parse("2027-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void contactsFromMailNobodyEditedTakeTheirNewestMessagesDate() throws Exception {
        String url = TestDatabase.freshUrl(dir);
        // A database of a release before: every migration before 40.
        String dialect = TestDatabase.isPostgres() ? "postgresql" : "sqlite";
        int before = SchemaVersionTest.versions(dialect).stream().filter(v -> v < 40).mapToInt(Integer::intValue).max()
                .orElseThrow();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/" + dialect)
                .target(Integer.toString(before)).load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO app_user (id, email, display_name, role, created_at) VALUES (1, 'alice@unsilo.test',"
                    + " 'Alice', 'member', 0)");
            // Imported today from mail of 2001 and 2002.
            contact(c, 1, "import", "[]", IMPORTED, IMPORTED);
            // Named by a later message of the same import: that change was capture too.
            contact(c, 2, "import", "[]", IMPORTED - 1000, IMPORTED);
            // Taken from mail, then edited by a person.
            contact(c, 3, "outlook", "[\"title\"]", IMPORTED, EDITED);
            // From an address book, then found in old mail.
            contact(c, 4, "vcard", "[]", IMPORTED, IMPORTED);
            // Taken from mail whose messages are gone (erased on request): nothing older to go by.
            contact(c, 5, "gmail", "[]", IMPORTED, IMPORTED);
            // Taken from a message dated ahead of its capture.
            contact(c, 6, "graph-sync", "[]", IMPORTED, IMPORTED);
            message(c, 1, SENT_2001, 1, 2, 3, 4);
            message(c, 2, SENT_2002, 1);
            message(c, 3, AHEAD, 6);
        }

        Database.open(url).close();

        Map<Long, Long> infoAt = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, info_at FROM contact ORDER BY id")) {
            while (rs.next()) {
                infoAt.put(rs.getLong(1), rs.getLong(2));
            }
        }
        assertThat(infoAt).containsExactly(Map.entry(1L, SENT_2002), Map.entry(2L, SENT_2001), Map.entry(3L, EDITED),
                Map.entry(4L, IMPORTED), Map.entry(5L, IMPORTED), Map.entry(6L, IMPORTED));
    }

    private static void contact(Connection c, long id, String source, String edited, long createdAt, long updatedAt)
            throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO contact (id, source, edited_fields, created_by, created_at,"
                + " updated_at) VALUES (?, ?, ?, 1, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, source);
            ps.setString(3, edited);
            ps.setLong(4, createdAt);
            ps.setLong(5, updatedAt);
            ps.executeUpdate();
        }
    }

    /** A message from Alice to {@code contactIds}, sent at {@code sentAt}. */
    private static void message(Connection c, long id, long sentAt, long... contactIds) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (id, fingerprint, thread_key, subject_norm,"
                + " participants_hash, sent_at, source, captured_by, captured_at) VALUES (?, ?, ?, '', '', ?, 'import', 1, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "fp" + id);
            ps.setString(3, "t" + id);
            ps.setLong(4, sentAt);
            ps.setLong(5, IMPORTED);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_party (message_id, role, address, contact_id,"
                + " user_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            party(ps, id, "from", "alice@unsilo.test", null, 1L, sentAt);
            for (long contactId : contactIds) {
                party(ps, id, "to", "c" + contactId + "@client.example", contactId, null, sentAt);
            }
        }
    }

    private static void party(PreparedStatement ps, long messageId, String role, String address, Long contactId, Long userId,
                              long sentAt) throws Exception {
        ps.setLong(1, messageId);
        ps.setString(2, role);
        ps.setString(3, address);
        ps.setObject(4, contactId);
        ps.setObject(5, userId);
        ps.setLong(6, sentAt);
        ps.executeUpdate();
    }
}
