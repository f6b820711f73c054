package org.unsilo.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The store. Reads run on a pool; writes go through {@link #write}, which for SQLite uses a
 * dedicated single-connection pool in {@code BEGIN IMMEDIATE} mode so that concurrent
 * captures queue in Java instead of failing with {@code SQLITE_BUSY}.
 */
public final class Database implements AutoCloseable {

    private static final long MMAP_BYTES = 1L << 30;

    private final Dialect dialect;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final Jdbi readJdbi;
    private final Jdbi writeJdbi;

    private Database(Dialect dialect, HikariDataSource readPool, HikariDataSource writePool) {
        this.dialect = dialect;
        this.readPool = readPool;
        this.writePool = writePool;
        this.readJdbi = configure(Jdbi.create(readPool));
        this.writeJdbi = writePool == readPool ? readJdbi : configure(Jdbi.create(writePool));
        if (writePool != readPool) {
            // The SQLite writer runs long transactions of repeated statements (imports, sync): reuse them.
            writeJdbi.setStatementBuilderFactory(connection -> new CachingStatementBuilder());
        }
    }

    public static Database open(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        Database db = dialect == Dialect.SQLITE ? openSqlite(jdbcUrl) : openServer(jdbcUrl, dialect);
        db.migrate();
        return db;
    }

    private static Database openSqlite(String jdbcUrl) {
        ensureParentDirectory(jdbcUrl);
        HikariDataSource readers = pool("unsilo-read", sqlite(jdbcUrl, SQLiteConfig.TransactionMode.DEFERRED, 0), 8);
        // The one writer keeps more pages in memory (up to 64 MiB, SQLite's default is 2 MiB): the indexes of message
        // and message_party are touched by every capture, and a large import otherwise re-reads them all the time.
        HikariDataSource writer = pool("unsilo-write", sqlite(jdbcUrl, SQLiteConfig.TransactionMode.IMMEDIATE, 64 * 1024), 1);
        return new Database(Dialect.SQLITE, readers, writer);
    }

    private static Database openServer(String jdbcUrl, Dialect dialect) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setPoolName("unsilo");
        hc.setMaximumPoolSize(16);
        HikariDataSource ds = new HikariDataSource(hc);
        return new Database(dialect, ds, ds);
    }

    private static DataSource sqlite(String jdbcUrl, SQLiteConfig.TransactionMode mode, int cacheKib) {
        SQLiteConfig cfg = new SQLiteConfig();
        if (cacheKib > 0) {
            cfg.setCacheSize(-cacheKib);
        }
        // Reads through a memory map instead of a read() per page: the lookup's indexed reads touch pages all over a
        // file far larger than SQLite's page cache, and the map halved their cost (bench/README.md). It maps at
        // most this much of the file; writes still go through the WAL as before.
        cfg.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.enforceForeignKeys(true);
        cfg.setBusyTimeout(15_000);
        cfg.setTransactionMode(mode);
        SQLiteDataSource ds = new SQLiteDataSource(cfg);
        ds.setUrl(jdbcUrl);
        return ds;
    }

    private static HikariDataSource pool(String name, DataSource ds, int size) {
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(60_000);
        return new HikariDataSource(hc);
    }

    private static void ensureParentDirectory(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("Cannot create database directory " + parent + ": " + e.getMessage(), e);
        }
    }

    private static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(new SqlObjectPlugin());
        // Row records (UserRow, ContactRow, ...) are mapped by column name without Jdbi's per-statement
        // constructor-mapper lookups, which dominated the cost of short queries.
        jdbi.registerRowMapper(new RecordRowMapperFactory());
        return jdbi;
    }

    private void migrate() {
        Flyway.configure()
                .dataSource(writePool)
                .locations("classpath:db/migration/" + dialect.migrationFolder())
                .load()
                .migrate();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code callback} in one write transaction; all writes of the application come through here. */
    public <R, X extends Exception> R write(HandleCallback<R, X> callback) throws X {
        return writeJdbi.inTransaction(callback);
    }

    /** Runs {@code callback} on a pooled read connection (no transaction across statements). */
    public <R, X extends Exception> R read(HandleCallback<R, X> callback) throws X {
        return readJdbi.withHandle(callback);
    }

    /**
     * The connection pool writes go through (SQLite's single writer), for libraries that manage their own statements
     * (the db-scheduler job table), so their writes queue with ours instead of failing as busy.
     */
    public DataSource writeDataSource() {
        return writePool;
    }

    public boolean isReachable() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public <T> T dao(Handle handle, Class<T> type) {
        return handle.attach(type);
    }

    @Override
    public void close() {
        if (writePool != readPool) {
            writePool.close();
        }
        readPool.close();
    }
}
