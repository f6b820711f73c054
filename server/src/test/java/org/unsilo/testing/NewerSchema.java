package org.unsilo.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** An SQLite database as a newer Unsilo leaves it: one migration more in Flyway's history than this version has. */
public final class NewerSchema {

    private NewerSchema() {
    }

    /** Records the migration after the newest one in {@code file}'s history; returns its version. */
    public static int recordNextMigration(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            int next;
            try (ResultSet rs = st.executeQuery("SELECT MAX(CAST(version AS INTEGER)) + 1 FROM flyway_schema_history")) {
                rs.next();
                next = rs.getInt(1);
            }
            st.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
                    + " installed_by, installed_on, execution_time, success) SELECT MAX(installed_rank) + 1, '" + next
                    + "', 'next', 'SQL', 'V" + next + "__next.sql', 1, '', '2030-01-01 00:00:00.000', 1, 1"
                    + " FROM flyway_schema_history");
            return next;
        }
    }
}
