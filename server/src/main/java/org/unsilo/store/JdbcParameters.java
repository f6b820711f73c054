package org.unsilo.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Positional parameters of the store's plain JDBC statements ({@link CaptureStatements}, {@link PlainQuery}). */
final class JdbcParameters {

    private JdbcParameters() {
    }

    static void set(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else if (value instanceof Long l) {
            ps.setLong(index, l);
        } else if (value instanceof Integer n) {
            ps.setInt(index, n);
        } else if (value instanceof Double d) {
            ps.setDouble(index, d);
        } else {
            throw new IllegalArgumentException("unsupported parameter type " + value.getClass());
        }
    }
}
