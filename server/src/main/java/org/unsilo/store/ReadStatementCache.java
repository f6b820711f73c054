package org.unsilo.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the prepared statements of each pooled SQLite read connection open from one request to the next. sqlite-jdbc
 * and Jdbi cache none, and preparing the lookup's statements again on every request cost about a quarter of its
 * time in SQLite. The statements belong to the physical connection (prepared on it directly, so the pool does not
 * close them when the connection goes back), a few dozen per connection, least recently used dropped first.
 *
 * <p>A cached statement holds no read transaction between uses: closing a result set resets the statement, so the
 * next request sees every commit made since. A statement still in use (a result being read while the same SQL runs
 * again) is never handed out twice; the second user gets a fresh one, closed after its use.
 */
final class ReadStatementCache implements StatementBuilderFactory {

    static final int MAX_PER_CONNECTION = 48;

    private final Map<Connection, PerConnection> byConnection = new ConcurrentHashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        Connection physical;
        try {
            physical = connection.unwrap(Connection.class);
        } catch (SQLException e) {
            return new DefaultStatementBuilder();
        }
        PerConnection cache = byConnection.get(physical);
        if (cache == null) {
            // A new physical connection: the pool retires old ones now and then, so forget those it closed.
            byConnection.keySet().removeIf(ReadStatementCache::isClosed);
            cache = byConnection.computeIfAbsent(physical, PerConnection::new);
        }
        return cache;
    }

    /**
     * A prepared statement for {@code sql} on the handle's connection, for reads run as plain JDBC ({@link PlainQuery}):
     * the cached one when the handle comes from a pool with this cache (SQLite), a new one otherwise. Hand it back with
     * {@link #release} after closing its result set.
     */
    static PreparedStatement prepare(Handle handle, String sql) throws SQLException {
        if (handle.getStatementBuilder() instanceof PerConnection cache) {
            return cache.create(handle.getConnection(), sql, null);
        }
        return handle.getConnection().prepareStatement(sql);
    }

    static void release(Handle handle, String sql, PreparedStatement statement) throws SQLException {
        if (handle.getStatementBuilder() instanceof PerConnection cache) {
            cache.close(handle.getConnection(), sql, statement);
        } else {
            statement.close();
        }
    }

    /** Statements cached for this many physical connections (for tests). */
    int connections() {
        return byConnection.size();
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** One physical connection's statements; used by one handle at a time, as the pool hands out the connection. */
    private static final class PerConnection implements StatementBuilder {

        private final StatementBuilder fallback = new DefaultStatementBuilder();
        private final Connection physical;
        /** Statements handed out and not yet closed, with the SQL they were prepared for. */
        private final Map<Statement, String> inUse = new IdentityHashMap<>();
        private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= MAX_PER_CONNECTION) {
                    return false;
                }
                if (!inUse.containsKey(eldest.getValue())) {
                    closeQuietly(eldest.getValue());
                }
                // One in use is closed by close(conn, sql, stmt) once it is no longer in the cache.
                return true;
            }
        };

        PerConnection(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return fallback.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            // No context: a plain JDBC read (prepare).
            if (ctx != null && (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable())) {
                return fallback.create(conn, sql, ctx);
            }
            PreparedStatement cached = cache.get(sql);
            if (cached != null && !inUse.containsKey(cached) && !cached.isClosed()) {
                inUse.put(cached, sql);
                return cached;
            }
            PreparedStatement fresh = physical.prepareStatement(sql);
            if (cached == null || cached.isClosed()) {
                cache.put(sql, fresh);
            }
            inUse.put(fresh, sql);
            return fresh;
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return fallback.createCall(conn, sql, ctx);
        }

        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            if (stmt == null) {
                return;
            }
            String preparedFor = inUse.remove(stmt);
            if (preparedFor != null && cache.get(preparedFor) == stmt) {
                // Back in the cache: forget this use's parameters, keep the compiled statement.
                ((PreparedStatement) stmt).clearParameters();
                return;
            }
            stmt.close();
        }

        @Override
        public void close(Connection conn) {
            // The statements stay with the physical connection for the next handle; close() of the connection
            // itself (when the pool retires it) finalises them.
        }

        private static void closeQuietly(Statement s) {
            try {
                s.close();
            } catch (SQLException e) {
                // the statement is gone either way
            }
        }
    }
}
