package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.TestDatabase;

/**
 * Migration 39 gives the contacts and organisations stored before it their name's key, in pages (more contacts than
 * one page holds), and moves the duplicate review's "different people" answers to the keys; on SQLite and, in the
 * PostgreSQL run, on PostgreSQL.
 */
class SortNameMigrationTest {

    private static final int CONTACTS = 5_003;

    @TempDir
    Path dir;

    @Test
    void rowsStoredBeforeTheMigrationGetTheirNamesKeys() throws SQLException {
        String url = TestDatabase.freshUrl(dir);
        Flyway flyway = Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/" + Dialect.of(url).migrationFolder()).target("38").load();
        flyway.migrate();
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement org = c.prepareStatement("INSERT INTO organization (id, name, domain, created_at, updated_at)"
                    + " VALUES (?, ?, ?, 0, 0)")) {
                org.setLong(1, 1);
                org.setString(2, "Ørsted A/S");
                org.setString(3, "orsted.example");
                org.executeUpdate();
                org.setLong(1, 2);
                org.setString(2, "Zeta GmbH");
                org.setString(3, "zeta.example");
                org.executeUpdate();
            }
            try (PreparedStatement contact = c.prepareStatement("INSERT INTO contact (id, display_name, source, created_at,"
                    + " updated_at) VALUES (?, ?, 'manual', 0, 0)")) {
                for (int id = 1; id <= CONTACTS; id++) {
                    contact.setLong(1, id);
                    contact.setString(2, switch (id) {
                        case 1 -> "Émile  Zola";
                        case 2 -> null;
                        case 3 -> "JOSÉ Ruiz";
                        case 4 -> "Jose Ruiz";
                        default -> "Person " + id;
                    });
                    contact.addBatch();
                }
                contact.executeBatch();
            }
            // The two said to be different people while the review still grouped by the lower-cased name.
            try (PreparedStatement dismissal = c.prepareStatement("INSERT INTO duplicate_dismissal (lower_name, contact_id,"
                    + " dismissed_at) VALUES (?, ?, 0)")) {
                dismissal.setString(1, "josé ruiz");
                dismissal.setLong(2, 3);
                dismissal.executeUpdate();
                dismissal.setString(1, "jose ruiz");
                dismissal.setLong(2, 4);
                dismissal.executeUpdate();
            }
            c.commit();
        }

        try (Database db = Database.open(url)) {
            db.read(h -> {
                Map<Long, String> keys = new java.util.HashMap<>();
                h.createQuery("SELECT id, sort_name FROM contact WHERE id <= 4 OR id = " + CONTACTS).mapToMap()
                        .forEach(r -> keys.put(((Number) r.get("id")).longValue(), (String) r.get("sort_name")));
                assertThat(keys).containsEntry(1L, "emile zola").containsEntry(2L, null)
                        .containsEntry(3L, "jose ruiz").containsEntry(4L, "jose ruiz")
                        .containsEntry((long) CONTACTS, "person " + CONTACTS);
                assertThat(h.createQuery("SELECT COUNT(*) FROM contact WHERE display_name IS NOT NULL AND sort_name IS NULL")
                        .mapTo(Long.class).one()).as("named contacts left without a key").isZero();
                assertThat(h.createQuery("SELECT sort_name FROM organization ORDER BY sort_name").mapTo(String.class).list())
                        .containsExactly("orsted a/s", "zeta gmbh");
                assertThat(h.createQuery("SELECT lower_name || ' ' || contact_id FROM duplicate_dismissal ORDER BY contact_id")
                        .mapTo(String.class).list()).containsExactly("jose ruiz 3", "jose ruiz 4");
                return null;
            });
            List<String> duplicates = db.read(h -> h.attach(ContactDao.class).duplicateNames(10));
            assertThat(duplicates).containsExactly("jose ruiz");
            List<OrganizationRow> organizations = db.read(h -> h.attach(OrganizationDao.class).list("", "", "", 0, 10));
            assertThat(organizations.stream().map(OrganizationRow::name).toList()).as("organisations in name order").containsExactly("Ørsted A/S", "Zeta GmbH");
        }
    }
}
