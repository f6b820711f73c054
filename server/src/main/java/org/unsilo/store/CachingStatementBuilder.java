package org.unsilo.store;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the prepared statements of one handle (one transaction on the SQLite writer) open for reuse. A batch
 * of captures runs the same dozen statements thousands of times, and SQLite's prepare step was a fifth of the
 * writer's time; now each is prepared once per transaction. A statement still in use (a result being read)
 * is never handed out twice: the second user gets a fresh, uncached one. Everything is closed with the handle.
 */
final class CachingStatementBuilder implements StatementBuilder {

    private static final int MAX_CACHED = 64;

    private final StatementBuilder fallback = new DefaultStatementBuilder();
    private final Map<String, PreparedStatement> cache = new HashMap<>();
    private final Map<Statement, Boolean> inUse = new IdentityHashMap<>();
    private final List<Statement> uncached = new ArrayList<>();

    @Override
    public Statement create(Connection conn, StatementContext ctx) throws SQLException {
        return fallback.create(conn, ctx);
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        String key = (ctx.isReturningGeneratedKeys() ? "K" + String.join(",", keyColumns(ctx)) + "|" : "|")
                + (ctx.isConcurrentUpdatable() ? "U|" : "|") + sql;
        PreparedStatement cached = cache.get(key);
        if (cached != null && !cached.isClosed() && !inUse.containsKey(cached)) {
            inUse.put(cached, Boolean.TRUE);
            return cached;
        }
        PreparedStatement fresh = fallback.create(conn, sql, ctx);
        if (cached == null && cache.size() < MAX_CACHED) {
            cache.put(key, fresh);
            inUse.put(fresh, Boolean.TRUE);
        } else {
            uncached.add(fresh);
        }
        return fresh;
    }

    private static String[] keyColumns(StatementContext ctx) {
        String[] names = ctx.getGeneratedKeysColumnNames();
        return names == null ? new String[0] : names;
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
        if (inUse.remove(stmt) != null) {
            // Back in the cache: forget this use's parameters and batch, keep the compiled statement.
            PreparedStatement ps = (PreparedStatement) stmt;
            ps.clearParameters();
            ps.clearBatch();
            return;
        }
        uncached.remove(stmt);
        stmt.close();
    }

    @Override
    public void close(Connection conn) {
        for (PreparedStatement ps : cache.values()) {
            closeQuietly(ps);
        }
        for (Statement s : uncached) {
            closeQuietly(s);
        }
        cache.clear();
        inUse.clear();
        uncached.clear();
    }

    private static void closeQuietly(Statement s) {
        try {
            s.close();
        } catch (SQLException e) {
            // the connection goes back to the pool (or away) anyway
        }
    }
}
