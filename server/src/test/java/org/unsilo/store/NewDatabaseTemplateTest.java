package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started on a new SQLite file gets the database the build made with the migrations
 * ({@link NewDatabaseTemplate}), and that database is exactly what the migrations make.
 */
class NewDatabaseTemplateTest {

    @TempDir
    Path dir;

    @Test
    void theTemplateGoesOnlyWhereNoFileIs() throws Exception {
        Path file = dir.resolve("new.db");
        assertThat(NewDatabaseTemplate.placeIfMissing(file)).as("template on the class path, placed").isTrue();
        assertThat(Files.size(file)).isPositive();
        long placed = Files.size(file);
        assertThat(NewDatabaseTemplate.placeIfMissing(file)).isFalse();
        assertThat(Files.size(file)).isEqualTo(placed);

        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThat(NewDatabaseTemplate.placeIfMissing(empty)).isFalse();
        assertThat(Files.size(empty)).isZero();
        // The permissions a new file gets here, as when SQLite creates the database itself (not a temporary file's).
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(empty));
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("new.db", "empty.db");
        }
    }

    @Test
    void aDatabaseFromTheTemplateIsTheOneTheMigrationsMake() throws Exception {
        Path migrated = Files.createFile(dir.resolve("migrated.db"));
        Path fromTemplate = dir.resolve("template.db");
        assertThat(NewDatabaseTemplate.placeIfMissing(fromTemplate)).isTrue();
        try (Database a = Database.open("jdbc:sqlite:" + migrated);
             Database b = Database.open("jdbc:sqlite:" + fromTemplate)) {
            assertThat(describe(b)).isEqualTo(describe(a));
            String journal = b.read(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
            assertThat(journal).isEqualTo("wal");
            String check = b.read(h -> h.createQuery("PRAGMA integrity_check").mapTo(String.class).one());
            assertThat(check).isEqualTo("ok");
            // And it is a working database: the first write of a first start lands.
            b.write(h -> h.createUpdate("INSERT INTO audit_log (action, target_type, at) VALUES ('test', 'thing', 0)").execute());
            int rows = b.read(h -> h.createQuery("SELECT COUNT(*) FROM audit_log").mapTo(Integer.class).one());
            assertThat(rows).isEqualTo(1);
        }
    }

    /** Schema objects, migration history (all but who and when) and the file settings that matter. */
    private static List<String> describe(Database db) {
        return db.read(h -> {
            List<String> out = new ArrayList<>();
            out.addAll(h.createQuery("SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') FROM sqlite_master"
                    + " ORDER BY type, name").mapTo(String.class).list());
            out.addAll(h.createQuery("SELECT installed_rank || ' ' || COALESCE(version, '') || ' ' || description || ' ' || type"
                    + " || ' ' || script || ' ' || COALESCE(checksum, '') || ' ' || success FROM flyway_schema_history"
                    + " ORDER BY installed_rank").mapTo(String.class).list());
            for (String pragma : List.of("user_version", "application_id", "page_size", "auto_vacuum", "encoding")) {
                out.add(pragma + " " + h.createQuery("PRAGMA " + pragma).mapTo(String.class).one());
            }
            return out;
        });
    }
}
