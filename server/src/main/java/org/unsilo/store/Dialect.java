package org.unsilo.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;
import org.sqlite.SQLiteDataSource;
import org.unsilo.common.Causes;

/**
 * The SQL dialects the store runs on, and the one place that knows how they differ. The application's DML is
 * shared (standard SQL plus {@code ON CONFLICT}, which both run); what differs is how connections are set up,
 * whether writes are serialised through one connection, how writers that touch the same rows take turns, which
 * migrations apply and which failures are worth running the transaction again.
 */
public enum Dialect {

    /**
     * One file, one writer: reads run on a pool, and every write goes through a single connection in
     * {@code BEGIN IMMEDIATE} mode, so concurrent captures queue in Java instead of failing with
     * {@code SQLITE_BUSY}. WAL, {@code synchronous=NORMAL}, foreign keys and a busy timeout for the other
     * processes (the CLI) that open the same file. The write-ahead log is copied back into the file beside the
     * writer ({@link WalCheckpointer}), not inside its commits.
     */
    SQLITE("sqlite") {
        @Override
        Pools open(String jdbcUrl) {
            ensureParentDirectory(jdbcUrl);
            sqliteFile(jdbcUrl).ifPresent(NewDatabaseTemplate::placeIfMissing);
            HikariDataSource readers = pool("unsilo-read", sqlite(jdbcUrl, SQLiteConfig.TransactionMode.DEFERRED, 0), 8);
            // The one writer keeps more pages in memory (up to 64 MiB, SQLite's default is 2 MiB): the indexes of message
            // and message_party are touched by every capture, and a large import otherwise re-reads them all the time.
            SQLiteConfig writing = sqliteConfig(SQLiteConfig.TransactionMode.IMMEDIATE, 64 * 1024);
            // Its commits checkpoint only what WalCheckpointer, copying beside it, has not copied yet, and only when the
            // log is this long: the point at which the log starts again from the beginning (see WalCheckpointer).
            writing.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(WalCheckpointer.WRITER_CHECKPOINT_PAGES));
            // Within a savepoint (each record of an address-book import; each capture of a group stored again after
            // one failed) SQLite keeps the first copy of every page changed in a sub-journal, past 64 KiB a temporary
            // file: two write() calls per page. With a savepoint per capture that was ~80 pages per capture, as many
            // bytes as the log got. In memory each copy is a memcpy (bench/README.md).
            writing.setTempStore(SQLiteConfig.TempStore.MEMORY);
            HikariDataSource writer = pool("unsilo-write", dataSource(jdbcUrl, writing), 1);
            return new Pools(readers, writer, new WalCheckpointer(sqlite(jdbcUrl, SQLiteConfig.TransactionMode.DEFERRED, 0))::close);
        }

        @Override
        public boolean singleWriter() {
            return true;
        }

        @Override
        void takeTurns(Handle handle, long[] keys) {
            // Every write transaction already has the one writer connection to itself.
        }

        @Override
        boolean isTransientConflict(Throwable failure) {
            // The single writer never meets another writer of this process; other processes wait on the busy timeout.
            return false;
        }

        @Override
        void backup(String jdbcUrl, Path target) throws SQLException {
            // VACUUM INTO copies the database as one read transaction sees it: consistent, and with WAL it never
            // blocks the running server's writer (the page-by-page backup API restarts whenever a write lands).
            try (Connection c = sqlite(jdbcUrl, SQLiteConfig.TransactionMode.DEFERRED, 0).getConnection();
                 PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
                vacuum.setString(1, target.toString());
                vacuum.execute();
            }
            requireUnsiloBackup(target);
        }

        @Override
        void restore(String jdbcUrl, Path source) throws SQLException {
            requireUnsiloBackup(source);
            ensureParentDirectory(jdbcUrl);
            // SQLite's backup API, from the file into the live database: it takes the locks and deals with the WAL,
            // so no stale -wal file can later be replayed over the restored pages.
            try (Connection c = sqlite(jdbcUrl, SQLiteConfig.TransactionMode.DEFERRED, 0).getConnection()) {
                int rc = c.unwrap(SQLiteConnection.class).getDatabase().restore("main", source.toString(), null);
                if (rc != 0) {
                    throw new StoreException("restoring " + source + " failed (SQLite result code " + rc + ")", null);
                }
            }
        }

        /** A backup file, opened read-only: intact, and with the migration history every Unsilo database has. */
        private void requireUnsiloBackup(Path file) throws SQLException {
            SQLiteConfig readOnly = new SQLiteConfig();
            readOnly.setReadOnly(true);
            readOnly.setOpenMode(SQLiteOpenMode.READONLY);
            try (Connection c = readOnly.createConnection("jdbc:sqlite:" + file)) {
                String check;
                try {
                    check = integrityCheck(c);
                } catch (SQLException e) {
                    throw new StoreException(file + " is not an SQLite database (" + e.getMessage() + ")", e);
                }
                if (!check.equals("ok")) {
                    throw new StoreException(file + " is damaged (integrity check: " + check + ")", null);
                }
                try (ResultSet tables = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
                    if (!tables.next()) {
                        throw new StoreException(file + " is not an Unsilo database (it has no migration history)", null);
                    }
                }
                // Checked before anything is replaced: this version would refuse to open it afterwards.
                int version = SchemaHistory.of(c).newest();
                if (version > Database.SCHEMA_VERSION) {
                    throw new StoreException(file + " was made by a newer version of Unsilo (schema version " + version
                            + "; this version knows versions up to " + Database.SCHEMA_VERSION + "): restore it with that"
                            + " version", null);
                }
            }
        }

        @Override
        String integrityCheck(Connection c) throws SQLException {
            List<String> problems = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    problems.add(rs.getString(1));
                }
            }
            return String.join("; ", problems);
        }
    },

    /**
     * A server database shared by several Unsilo servers: pooled connections, each write its own READ COMMITTED
     * transaction. Captures that share a message, an address or a domain take turns on advisory locks, so the
     * second one finds what the first stored; the unique constraints ({@code ON CONFLICT}) still hold if anything
     * else races them, and a transaction aborted by a deadlock is simply run again.
     */
    POSTGRESQL("postgresql") {
        @Override
        Pools open(String jdbcUrl) {
            // Two pools, as on SQLite: a write transaction that reads through the read pool (the directory of staff
            // addresses refreshing itself mid-capture) must never wait for a connection held by another writer.
            return new Pools(server(jdbcUrl, "unsilo-read", 8), server(jdbcUrl, "unsilo-write", 16), () -> { });
        }

        @Override
        void takeTurns(Handle handle, long[] keys) {
            // Transaction-scoped advisory locks, taken in the order given (ascending): released at COMMIT/ROLLBACK.
            StringBuilder array = new StringBuilder("{");
            for (int i = 0; i < keys.length; i++) {
                array.append(i == 0 ? "" : ",").append(keys[i]);
            }
            handle.createQuery("SELECT CAST(pg_advisory_xact_lock(k) AS TEXT) FROM unnest(CAST(:keys AS BIGINT[])) AS k")
                    .bind("keys", array.append('}').toString())
                    .mapTo(String.class)
                    .list();
        }

        @Override
        public boolean singleWriter() {
            return false;
        }

        @Override
        boolean isTransientConflict(Throwable failure) {
            // SQLSTATE class 40, transaction rollback: 40001 serialization_failure, 40P01 deadlock_detected.
            return Causes.first(failure, SQLException.class,
                    sql -> sql.getSQLState() != null && sql.getSQLState().startsWith("40")).isPresent();
        }

        @Override
        void backup(String jdbcUrl, Path target) {
            throw new StoreException(BACKUP_WITH_PG_TOOLS, null);
        }

        @Override
        void restore(String jdbcUrl, Path source) {
            throw new StoreException(BACKUP_WITH_PG_TOOLS, null);
        }

        @Override
        String integrityCheck(Connection c) {
            // PostgreSQL checks its pages itself (and amcheck is an extension an operator installs); nothing to ask.
            return "ok";
        }
    };

    private static final long MMAP_BYTES = 1L << 30;

    private static final String BACKUP_WITH_PG_TOOLS = "backup and restore work on SQLite; back up a PostgreSQL database"
            + " with pg_dump and restore it with pg_restore (see README, Your data and backups)";

    /** The read pool, the write pool, and whatever runs beside them until the database is closed. */
    record Pools(HikariDataSource read, HikariDataSource write, Runnable stopUpkeep) {
    }

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    /** Flyway location under {@code db/migration/}: the same versions exist for every dialect. */
    public String migrationFolder() {
        return migrationFolder;
    }

    abstract Pools open(String jdbcUrl);

    /** Whether every write runs on one connection, so that grouping many writes into one commit pays off. */
    public abstract boolean singleWriter();

    /**
     * Makes the current write transaction wait for every other one that took any of {@code keys} (sorted ascending,
     * so that two transactions never wait for each other), until its end.
     */
    abstract void takeTurns(Handle handle, long[] keys);

    /** Whether a failed write transaction was aborted only because of a concurrent one and may simply be retried. */
    abstract boolean isTransientConflict(Throwable failure);

    /** Writes a consistent copy of the database, which may be in use, to the new file {@code target}. */
    abstract void backup(String jdbcUrl, Path target) throws SQLException;

    /** Replaces the database's content with that of a backup made by {@link #backup}. */
    abstract void restore(String jdbcUrl, Path source) throws SQLException;

    /** "ok", or what the database's own consistency check found wrong. */
    abstract String integrityCheck(Connection c) throws SQLException;

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException("Unsupported database URL: " + jdbcUrl.replaceAll("password=[^&]*", "password=***"), null);
    }

    private static DataSource sqlite(String jdbcUrl, SQLiteConfig.TransactionMode mode, int cacheKib) {
        return dataSource(jdbcUrl, sqliteConfig(mode, cacheKib));
    }

    private static DataSource dataSource(String jdbcUrl, SQLiteConfig cfg) {
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl(jdbcUrl);
        return ds;
    }

    private static SQLiteConfig sqliteConfig(SQLiteConfig.TransactionMode mode, int cacheKib) {
        SQLiteConfig cfg = new SQLiteConfig();
        if (cacheKib > 0) {
            cfg.setCacheSize(-cacheKib);
        }
        // Reads through a memory map instead of a read() per page: the lookup's indexed reads touch pages all over a
        // file far larger than SQLite's page cache, and the map halved their cost (bench/README.md). It maps at
        // most this much of the file; writes still go through the WAL as before.
        cfg.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
        // Otherwise sqlite-jdbc runs "SELECT last_insert_rowid()" (a statement prepared, run and regex-matched)
        // after every INSERT, in case someone asks for generated keys: about one in ten of the capture writer's
        // native samples on the Enron import. Our inserts that need their id say RETURNING id (GeneratedKeysTest).
        cfg.setGetGeneratedKeys(false);
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(15_000);
        cfg.setTransactionMode(mode);
        return cfg;
    }

    private static HikariDataSource server(String jdbcUrl, String name, int size) {
        return lazyPool(name, size, p -> p.setJdbcUrl(jdbcUrl));
    }

    private static HikariDataSource pool(String name, DataSource ds, int size) {
        return lazyPool(name, size, p -> {
            p.setDataSource(ds);
            p.setConnectionTimeout(60_000);
        });
    }

    /**
     * A pool that starts on its first connection (HikariDataSource's no-argument constructor), not when it is made:
     * the server makes its pools on the main thread and first connects on the schema thread
     * ({@link Database#openInBackground}).
     */
    private static HikariDataSource lazyPool(String name, int size, java.util.function.Consumer<HikariDataSource> source) {
        HikariDataSource pool = new HikariDataSource();
        source.accept(pool);
        pool.setPoolName(name);
        pool.setMaximumPoolSize(size);
        pool.setMinimumIdle(1);
        return pool;
    }

    private static void ensureParentDirectory(String jdbcUrl) {
        sqliteFile(jdbcUrl).ifPresent(file -> {
            Path parent = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new StoreException("Cannot create database directory " + parent + ": " + e.getMessage(), e);
            }
        });
    }

    /** The file a SQLite URL names; empty for an in-memory database or a {@code file:} URI. */
    static Optional<Path> sqliteFile(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) {
            return Optional.empty();
        }
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(path));
    }
}
