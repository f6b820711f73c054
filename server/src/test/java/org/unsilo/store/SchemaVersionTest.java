package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.NewerSchema;

/**
 * {@link Database#SCHEMA_VERSION} names the newest migration, in every dialect: a database at that version is not
 * handed to Flyway on start, so a migration added without raising it would never be applied. And a database that is
 * behind, or has a failed migration in its history, still goes through Flyway.
 */
class SchemaVersionTest {

    /** A migration in SQL, or in Java (compiled next to the SQL ones, in the same folder of the class path). */
    private static final Pattern VERSION = Pattern.compile("^V(\\d+)__[^$]+\\.(sql|class)$");

    @TempDir
    Path dir;

    @Test
    void theConstantIsTheNewestMigrationOfEachDialect() throws Exception {
        for (String dialect : List.of("sqlite", "postgresql")) {
            assertThat(versions(dialect).stream().mapToInt(Integer::intValue).max().orElseThrow())
                    .as("newest migration in db/migration/" + dialect).isEqualTo(Database.SCHEMA_VERSION);
        }
        assertThat(versions("sqlite")).as("the same versions in both dialects").isEqualTo(versions("postgresql"));
    }

    @Test
    void aDatabaseBehindOrWithAFailedMigrationIsMigrated() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("u.db");
        // A database made by the previous release: every migration but the newest.
        List<Integer> versions = versions("sqlite");
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite")
                .target(Integer.toString(versions.get(versions.size() - 2))).load().migrate();
        String newestApplied = "SELECT COUNT(*) FROM flyway_schema_history WHERE success AND version = '"
                + Database.SCHEMA_VERSION + "'";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThat(st.executeQuery(newestApplied).getInt(1)).isZero();
        }
        Database.open(url).close();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThat(st.executeQuery(newestApplied).getInt(1)).as("the newest migration ran").isEqualTo(1);
            st.execute("UPDATE flyway_schema_history SET success = 0 WHERE version = '" + Database.SCHEMA_VERSION + "'");
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Database.open(url).close()))
                .as("Flyway sees the failed migration and refuses, as it did before the shortcut")
                .isNotNull().hasMessageContaining("failed");
    }

    @Test
    void aDatabaseOfANewerVersionIsRefusedWithoutATouch() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("u.db");
        Database.open(url).close();
        int newer = NewerSchema.recordNextMigration(dir.resolve("u.db"));
        assertThat(newer).isEqualTo(Database.SCHEMA_VERSION + 1);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Database.open(url).close()))
                .isInstanceOf(NewerSchemaException.class)
                .hasMessageContaining("newer version of Unsilo")
                .hasMessageContaining("schema version " + newer)
                .hasMessageContaining("up to " + Database.SCHEMA_VERSION);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThat(st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history").getInt(1))
                    .as("no migration recorded").isEqualTo(versions("sqlite").size() + 1);
        }
    }

    /** The migration versions of a dialect's folder, in order. */
    static List<Integer> versions(String dialect) throws URISyntaxException, java.io.IOException {
        Path folder = Path.of(SchemaVersionTest.class.getResource("/db/migration/" + dialect).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> VERSION.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
        }
    }
}
