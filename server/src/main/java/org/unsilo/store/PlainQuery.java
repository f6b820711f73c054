package org.unsilo.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.RowMappers;

/**
 * A read on a Jdbi handle's connection as plain JDBC: positional parameters, the statement kept prepared per
 * connection ({@link ReadStatementCache}), rows mapped to a row record by the same mapper Jdbi uses
 * ({@link RecordRowMapperFactory}). For the lookup, which runs a handful of short queries on every opened e-mail:
 * Jdbi's per-statement work (SQL rendering and parsing, statement context, argument factories) cost about as much
 * CPU as the queries themselves there (bench/README.md).
 */
final class PlainQuery {

    private PlainQuery() {
    }

    /** {@code sql} with {@code <name>} replaced by {@code n} positional parameters. */
    static String inList(String sql, String name, int n) {
        return sql.replace("<" + name + ">", "?,".repeat(n - 1) + "?");
    }

    static <T> List<T> list(Handle handle, String sql, Class<T> type, Collection<?> params) {
        try {
            PreparedStatement ps = ReadStatementCache.prepare(handle, sql);
            try {
                int i = 1;
                for (Object p : params) {
                    JdbcParameters.set(ps, i++, p);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    RowMapper<T> mapper = handle.getConfig(RowMappers.class).findFor(type)
                            .orElseThrow(() -> new IllegalArgumentException("no row mapper for " + type))
                            .specialize(rs, null);
                    while (rs.next()) {
                        out.add(mapper.map(rs, null));
                    }
                    return out;
                }
            } finally {
                ReadStatementCache.release(handle, sql, ps);
            }
        } catch (SQLException e) {
            throw new StoreException("query failed: " + e.getMessage() + " [" + sql + "]", e);
        }
    }
}
