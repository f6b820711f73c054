package org.unsilo.store;

import com.google.common.hash.Hashing;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The store. Reads run on a pool; writes go through {@link #write}. How the pools are set up (for SQLite a
 * dedicated single-connection writer in {@code BEGIN IMMEDIATE} mode, so that concurrent captures queue in Java
 * instead of failing with {@code SQLITE_BUSY}; for PostgreSQL one pool) is the {@link Dialect}'s business.
 */
public final class Database implements AutoCloseable {

    private static final int MAX_WRITE_ATTEMPTS = 5;
    /**
     * The newest migration of {@code db/migration/<dialect>/} ({@code SchemaVersionTest} keeps it so). A database at
     * this version with no failed migration is left alone: Flyway's scan of the fat jar for its migrations and its
     * validation cost every start ~0.2 s for nothing.
     */
    static final int SCHEMA_VERSION = 42;

    private final Dialect dialect;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final Jdbi readJdbi;
    private final Jdbi writeJdbi;
    private final Runnable stopUpkeep;
    private final WriteStamps stamps = new WriteStamps();
    /** Null where several servers write (PostgreSQL): there, no cache relies on the stamps. */
    private final OtherWriters otherWriters;
    /** Completed once the schema is up to date, or with what stopped it; every database call waits for it. */
    private final CompletableFuture<Void> schema = new CompletableFuture<>();

    private Database(Dialect dialect, HikariDataSource readPool, HikariDataSource writePool, Runnable stopUpkeep) {
        this.dialect = dialect;
        this.stopUpkeep = stopUpkeep;
        this.readPool = readPool;
        this.writePool = writePool;
        this.readJdbi = configure(Jdbi.create(readPool));
        this.writeJdbi = writePool == readPool ? readJdbi : configure(Jdbi.create(writePool));
        this.otherWriters = dialect.singleWriter() ? new OtherWriters() : null;
        if (dialect.singleWriter()) {
            // The SQLite writer runs long transactions of repeated statements (imports, sync): reuse them.
            writeJdbi.setStatementBuilderFactory(connection -> new CachingStatementBuilder());
            // Reads (every lookup) run the same few statements on every request: keep them prepared per connection.
            readJdbi.setStatementBuilderFactory(new ReadStatementCache());
        }
    }

    /** Opens the database and brings its schema up to date (Flyway migrations) before returning. */
    public static Database open(String jdbcUrl) {
        Database db = connect(jdbcUrl);
        db.migrate();
        db.awaitSchema();
        return db;
    }

    /**
     * Opens the database and brings its schema up to date on a thread of its own; every call that uses the database
     * waits for that first, and fails as it failed. The server starts this way: the schema work (SQLite's native
     * library, Flyway) runs on the second core while the web server is set up, for a shorter time to {@code /ready}.
     */
    public static Database openInBackground(String jdbcUrl) {
        Database db = connect(jdbcUrl);
        Thread migrate = new Thread(db::migrate, "unsilo-schema");
        migrate.setDaemon(true);
        migrate.start();
        return db;
    }

    private static Database connect(String jdbcUrl) {
        Dialect dialect = Dialect.of(jdbcUrl);
        Dialect.Pools pools = dialect.open(jdbcUrl);
        return new Database(dialect, pools.read(), pools.write(), pools.stopUpkeep());
    }

    /** Waits until the schema is up to date; throws what bringing it up to date threw. */
    public void awaitSchema() {
        try {
            // Once done, as good as free: one read of the future's result.
            schema.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new StoreException("schema migration failed", e.getCause());
        }
    }

    /**
     * Writes a consistent copy of the database at {@code jdbcUrl} to the new file {@code target}, also while servers
     * are writing to it, and checks the copy (SQLite; PostgreSQL has its own tools).
     */
    /** Whether the database exists: a SQLite file is there (a server database, such as PostgreSQL's, always is). */
    public static boolean exists(String jdbcUrl) {
        return Dialect.sqliteFile(jdbcUrl).map(Files::isRegularFile).orElse(true);
    }

    public static void backup(String jdbcUrl, Path target) {
        if (Files.exists(target)) {
            throw new StoreException(target + " already exists; choose a new file name", null);
        }
        Dialect dialect = Dialect.of(jdbcUrl);
        try {
            dialect.backup(jdbcUrl, target);
        } catch (SQLException e) {
            throw new StoreException("backup to " + target + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the database at {@code jdbcUrl} (which no server may be using) with the backup {@code source}, brings it
     * to this version's schema and checks it.
     */
    public static void restore(String jdbcUrl, Path source) {
        if (!Files.isRegularFile(source)) {
            throw new StoreException(source + " is not a file", null);
        }
        if (ServingLock.held(jdbcUrl)) {
            throw new StoreException("a server is running on this database; stop it first, then restore", null);
        }
        Dialect dialect = Dialect.of(jdbcUrl);
        try {
            dialect.restore(jdbcUrl, source);
        } catch (SQLException e) {
            throw new StoreException("restoring " + source + " failed: " + e.getMessage(), e);
        }
        try (Database restored = open(jdbcUrl)) {
            restored.requireIntact();
        }
    }

    /** Fails unless the database's own consistency check finds nothing wrong. */
    public void requireIntact() {
        String check = read(h -> {
            try {
                return dialect.integrityCheck(h.getConnection());
            } catch (SQLException e) {
                throw new StoreException("integrity check failed: " + e.getMessage(), e);
            }
        });
        if (!check.equals("ok")) {
            throw new StoreException("the database is damaged (integrity check: " + check + ")", null);
        }
    }

    private static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(new SqlObjectPlugin());
        // Row records (UserRow, ContactRow, ...) are mapped by column name without Jdbi's per-statement
        // constructor-mapper lookups, which dominated the cost of short queries.
        jdbi.registerRowMapper(new RecordRowMapperFactory());
        jdbi.registerArgument(new IntegerFlags());
        return jdbi;
    }

    private void migrate() {
        try {
            SchemaHistory history = schemaHistory();
            // A failed migration in the history: Flyway decides (it refuses).
            int applied = history.anyFailed() ? -1 : history.newest();
            if (applied > SCHEMA_VERSION) {
                // Flyway would only warn and carry on: this version would then write to tables a newer one changed.
                throw new NewerSchemaException(applied, SCHEMA_VERSION);
            }
            if (applied != SCHEMA_VERSION) {
                Flyway.configure()
                        .dataSource(writePool)
                        .locations("classpath:db/migration/" + dialect.migrationFolder())
                        // All pending migrations in one transaction: an upgrade (or a first start) is applied whole
                        // or not at all, and a new database is made in one commit instead of one per migration.
                        .group(true)
                        .load()
                        .migrate();
            }
            schema.complete(null);
        } catch (RuntimeException | Error e) {
            schema.completeExceptionally(e);
        }
    }

    /** The history, or {@link SchemaHistory#UNKNOWN} when no connection can be had: Flyway then says why. */
    private SchemaHistory schemaHistory() {
        try (Connection c = writePool.getConnection()) {
            return SchemaHistory.of(c);
        } catch (SQLException e) {
            return SchemaHistory.UNKNOWN;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code callback} in one write transaction; all writes of the application come through here or through
     * {@link #write(Changes, HandleCallback)}. As far as cached lookups know, it may have changed anything.
     */
    public <R, X extends Exception> R write(HandleCallback<R, X> callback) throws X {
        return write(Changes.everything(), callback);
    }

    /**
     * {@link #write} for a transaction that changes of what lookups show no more than {@code changes} says, filled in
     * by {@code callback} as it goes; reported to {@link #stamps()} once the transaction has ended, either way.
     */
    public <R, X extends Exception> R write(Changes changes, HandleCallback<R, X> callback) throws X {
        awaitSchema();
        try {
            return writeJdbi.inTransaction(handle -> {
                if (otherWriters != null) {
                    otherWriters.check(handle.getConnection(), changes);
                }
                return callback.withHandle(handle);
            });
        } finally {
            changes.applyTo(stamps);
        }
    }

    /**
     * When writes last changed what lookups read: this server's, and on SQLite another process's, noticed at this
     * server's next write ({@link OtherWriters}).
     */
    public WriteStamps stamps() {
        return stamps;
    }

    /**
     * {@link #write} for a transaction that must take turns with every other one naming any of the same
     * {@code keys} (on SQLite they all do, through the one writer; on PostgreSQL, several servers among them do, on
     * advisory locks). A transaction that the database aborted only because of a concurrent one runs again from the
     * start, so {@code callback} must keep no state from an earlier attempt.
     */
    public <R, X extends Exception> R writeInTurn(Collection<String> keys, HandleCallback<R, X> callback) throws X {
        awaitSchema();
        long[] hashes = keys.stream()
                .mapToLong(k -> Hashing.murmur3_128().hashString(k, StandardCharsets.UTF_8).asLong())
                .sorted().distinct().toArray();
        for (int attempt = 1; ; attempt++) {
            try {
                return write(handle -> {
                    dialect.takeTurns(handle, hashes);
                    return callback.withHandle(handle);
                });
            } catch (RuntimeException e) {
                if (attempt >= MAX_WRITE_ATTEMPTS || !dialect.isTransientConflict(e)) {
                    throw e;
                }
                // A short random pause, so that the two transactions that collided do not collide again.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextInt(1, 10 * attempt)));
            }
        }
    }

    /** Runs {@code callback} on a pooled read connection (no transaction across statements). */
    public <R, X extends Exception> R read(HandleCallback<R, X> callback) throws X {
        awaitSchema();
        return readJdbi.withHandle(callback);
    }

    /**
     * The connection pool writes go through (SQLite's single writer), for libraries that manage their own statements
     * (the db-scheduler job table), so their writes queue with ours instead of failing as busy.
     */
    public DataSource writeDataSource() {
        return new AfterSchema();
    }

    /** The write pool, handing out connections only once the schema is up to date (see {@link #openInBackground}). */
    private final class AfterSchema implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            awaitSchema();
            return writePool.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            awaitSchema();
            return writePool.getConnection(username, password);
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws SQLException {
            return writePool.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws SQLException {
            writePool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            writePool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return writePool.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            return writePool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : writePool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || writePool.isWrapperFor(type);
        }
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
        stopUpkeep.run();
        if (writePool != readPool) {
            writePool.close();
        }
        readPool.close();
    }
}
