package org.unsilo.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.unsilo.store.Database;

/**
 * The PostgreSQL side of the benchmark ({@code BENCH_DB=postgres}): an embedded PostgreSQL (zonky, the binaries the
 * server's tests use) with its cluster kept in {@code bench/target/pg/}, the generated data set loaded once into a
 * template database (schema by the server's own Flyway migrations for PostgreSQL, rows copied from the cached SQLite
 * database with {@code COPY}, then {@code ANALYZE}), and fresh working databases cloned from it per run
 * ({@code CREATE DATABASE … TEMPLATE}, a file copy). The cluster keeps PostgreSQL's durable defaults ({@code fsync},
 * {@code synchronous_commit=on}): a 2xx capture is on disk, as a production server would have it.
 */
final class BenchPostgres implements AutoCloseable {

    /** The generator's tables, parents first, and the ones whose identity sequences must follow the copied ids. */
    private static final List<String> TABLES = List.of("app_user", "user_email", "organization", "contact", "contact_email",
            "message", "message_copy", "message_party", "relationship");
    private static final List<String> WITH_IDENTITY = List.of("app_user", "organization", "contact", "message");

    private final EmbeddedPostgres pg;
    private final PrintStream log;

    private BenchPostgres(EmbeddedPostgres pg, PrintStream log) {
        this.pg = pg;
        this.log = log;
    }

    /** Starts the cluster in {@code clusterDir} (made on first use); PostgreSQL's own output goes to {@code serverLog}. */
    static BenchPostgres start(Path clusterDir, Path serverLog, PrintStream log) throws Exception {
        Files.createDirectories(clusterDir);
        Files.createDirectories(serverLog.getParent());
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(serverLog.toFile());
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(clusterDir)
                .setCleanDataDirectory(false)
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog)
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "512MB")
                .start();
        return new BenchPostgres(pg, log);
    }

    String url(String database) {
        return pg.getJdbcUrl("postgres", database);
    }

    /**
     * The template database holding {@code data} (generated into SQLite by {@link DataGenerator}), loaded now unless a
     * template of the same name (sizes, seed and generator version) is there already.
     */
    String template(DataGenerator.Summary data, String name) throws Exception {
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    log.println("Reusing PostgreSQL template database " + name);
                    // Newer migrations apply to the template once, as to the cached SQLite file (DataGenerator).
                    Database.open(url(name)).close();
                    return name;
                }
            }
            long t0 = System.nanoTime();
            String loading = name + "_loading";
            st.execute("DROP DATABASE IF EXISTS " + loading);
            // C collation and ASCII case rules, like SQLite's (and the server's PostgreSQL tests).
            st.execute("CREATE DATABASE " + loading + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
            Database.open(url(loading)).close(); // the server's Flyway migrations make the schema
            copyRows(data.file(), url(loading));
            // Renamed only when complete, so an interrupted load is never taken for a template.
            st.execute("ALTER DATABASE " + loading + " RENAME TO " + name);
            log.printf("  loaded PostgreSQL template %s in %.0fs%n", name, (System.nanoTime() - t0) / 1e9);
            return name;
        }
    }

    /** A fresh copy of {@code template}, replacing any database called {@code name}. */
    String freshCopy(String template, String name) throws SQLException {
        drop(name);
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        }
        return url(name);
    }

    void drop(String name) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    private void copyRows(Path sqlite, String pgUrl) throws Exception {
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             Connection to = DriverManager.getConnection(pgUrl, "postgres", "")) {
            to.setAutoCommit(false);
            try (Statement st = to.createStatement()) {
                // The rows are the generator's, already checked for foreign-key violations (GeneratorCheck): skipping
                // the per-row foreign-key triggers makes the load several times faster.
                st.execute("SET session_replication_role = replica");
                st.execute("SET maintenance_work_mem = '256MB'");
            }
            for (String table : TABLES) {
                long t0 = System.nanoTime();
                List<String> columns = sharedColumns(from, to, table);
                long rows = copyTable(from, to, table, columns);
                log.printf(Locale.ROOT, "  %s: %,d rows (%.1fs)%n", table, rows, (System.nanoTime() - t0) / 1e9);
            }
            try (Statement st = to.createStatement()) {
                for (String table : WITH_IDENTITY) {
                    st.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT MAX(id) FROM " + table + "))");
                }
            }
            to.commit();
            to.setAutoCommit(true);
            try (Statement st = to.createStatement()) {
                st.execute("ANALYZE");
            }
        }
    }

    private static List<String> sharedColumns(Connection sqlite, Connection pg, String table) throws SQLException {
        List<String> pgColumns = new ArrayList<>();
        DatabaseMetaData md = pg.getMetaData();
        try (ResultSet rs = md.getColumns(null, "public", table, null)) {
            while (rs.next()) {
                pgColumns.add(rs.getString("COLUMN_NAME"));
            }
        }
        List<String> shared = new ArrayList<>();
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                String c = rs.getString("name");
                if (pgColumns.contains(c)) {
                    shared.add(c);
                }
            }
        }
        return shared;
    }

    /** Streams every row of {@code table} from SQLite into PostgreSQL's {@code COPY … FROM STDIN} (CSV). */
    private static long copyTable(Connection sqlite, Connection pg, String table, List<String> columns) throws SQLException {
        String list = String.join(", ", columns);
        CopyIn copy = pg.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + list + ") FROM STDIN WITH (FORMAT csv)");
        long rows = 0;
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT " + list + " FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            StringBuilder sb = new StringBuilder(1 << 20);
            int n = columns.size();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        sb.append(',');
                    }
                    Object v = rs.getObject(i);
                    if (v instanceof String s) {
                        sb.append('"').append(s.replace("\"", "\"\"")).append('"');
                    } else if (v != null) {
                        sb.append(v);
                    }
                }
                sb.append('\n');
                rows++;
                if (sb.length() > 1 << 20) {
                    flush(copy, sb);
                }
            }
            flush(copy, sb);
            copy.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            throw e;
        }
        return rows;
    }

    private static void flush(CopyIn copy, StringBuilder sb) throws SQLException {
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        sb.setLength(0);
    }

    @Override
    public void close() throws Exception {
        pg.close();
    }
}
