package org.unsilo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.unsilo.common.NameKey;

/**
 * A migration's step that gives a table of names their {@link NameKey} column, {@code sort_name}, and the rows already
 * there their keys. The key is made in Java (neither database folds accents), so the rows get theirs here, a page at a
 * time so that a large database is never held in memory; Flyway runs a migration in the upgrade's one transaction, so
 * an interrupted upgrade leaves no row without its key. From then on every statement that writes a name writes its key
 * ({@link BindName}).
 */
public final class SortNameColumn {

    /** The key column on SQLite, whose text compares byte by byte. */
    public static final String SQLITE = "TEXT";
    /**
     * The key column on PostgreSQL: compared byte by byte ("C") whatever the database's locale, so that the lists are in
     * the same order as on SQLite; the key is folded for sorting already.
     */
    public static final String POSTGRESQL = "TEXT COLLATE \"C\"";

    private static final int PAGE = 5_000;

    private SortNameColumn() {
    }

    /** Adds {@code sort_name} of type {@code columnType} to {@code table} and writes the key of every row with a name. */
    public static void add(Connection c, String table, String nameColumn, String columnType) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ADD COLUMN sort_name " + columnType);
        }
        String select = "SELECT id, " + nameColumn + " FROM " + table + " WHERE id > ? AND " + nameColumn + " IS NOT NULL"
                + " ORDER BY id LIMIT " + PAGE;
        try (PreparedStatement read = c.prepareStatement(select);
             PreparedStatement write = c.prepareStatement("UPDATE " + table + " SET sort_name = ? WHERE id = ?")) {
            long after = 0;
            int rows;
            do {
                read.setLong(1, after);
                rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getLong(1);
                        write.setString(1, NameKey.of(rs.getString(2)));
                        write.setLong(2, after);
                        write.addBatch();
                        rows++;
                    }
                }
                if (rows > 0) {
                    write.executeBatch();
                }
            } while (rows == PAGE);
        }
    }
}
