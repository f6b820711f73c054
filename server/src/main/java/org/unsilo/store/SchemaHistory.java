package org.unsilo.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What Flyway's history table of a database says: the newest migration that succeeded (-1 when there is none, or the
 * table is missing or unreadable) and whether any migration failed.
 */
record SchemaHistory(int newest, boolean anyFailed) {

    static final SchemaHistory UNKNOWN = new SchemaHistory(-1, false);

    static SchemaHistory of(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            int newest = -1;
            boolean failed = false;
            while (rs.next()) {
                if (rs.getBoolean(2)) {
                    newest = Math.max(newest, Integer.parseInt(rs.getString(1)));
                } else {
                    failed = true;
                }
            }
            return new SchemaHistory(newest, failed);
        } catch (SQLException | NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
