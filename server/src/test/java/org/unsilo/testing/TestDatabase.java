package org.unsilo.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The database the tests run on. SQLite (a file in the test's data directory) unless the JVM runs with
 * {@code -Dunsilo.test.db=postgres} (the surefire execution {@code postgres} does): then every test server gets a
 * fresh database of its own on one real PostgreSQL that the JVM starts once, in-process from Maven's embedded
 * binaries, with no Docker. A PostgreSQL that cannot start fails the test; it never falls back to SQLite.
 */
public final class TestDatabase {

    /** The system property that picks the database: {@code sqlite} (default) or {@code postgres}. */
    public static final String PROPERTY = "unsilo.test.db";

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        String choice = System.getProperty(PROPERTY, "sqlite").trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "sqlite" -> false;
            case "postgres", "postgresql" -> true;
            default -> throw new IllegalStateException(PROPERTY + " must be sqlite or postgres (got '" + choice + "')");
        };
    }

    /** A JDBC URL of a new, empty database: the SQLite file {@code dir/unsilo.db}, or a new PostgreSQL database. */
    public static String freshUrl(Path dir) {
        return isPostgres() ? freshPostgres() : "jdbc:sqlite:" + dir.resolve("unsilo.db");
    }

    /**
     * A new, empty database on the JVM's embedded PostgreSQL, whatever {@link #PROPERTY} says. Byte-order collation
     * and ASCII case rules (C), like SQLite's, so that ordered results are the same on both.
     */
    public static String freshPostgres() {
        EmbeddedPostgres pg = Embedded.SERVER;
        String name = "unsilo_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on the embedded PostgreSQL", e);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    /** The application's tables (not the migration history), the same way on SQLite and PostgreSQL. */
    public static List<String> tables(Handle h) {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = h.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String schema = rs.getString("TABLE_SCHEM");
                String name = rs.getString("TABLE_NAME");
                if ((schema == null || schema.equals("public")) && !name.startsWith("sqlite_") && !name.startsWith("flyway_")) {
                    names.add(name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        names.sort(null);
        return names;
    }

    /** One embedded PostgreSQL per JVM, started on first use and stopped by its own shutdown hook. */
    private static final class Embedded {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                // Durability is not under test here, and turning it off keeps the second run of the suite short.
                return EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL for -D" + PROPERTY + "=postgres", e);
            }
        }
    }
}
