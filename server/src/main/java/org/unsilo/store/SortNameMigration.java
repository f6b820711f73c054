package org.unsilo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.unsilo.common.NameKey;

/**
 * Migration 39, the same for every dialect but the column's type: contacts and organisations get {@code sort_name},
 * their name's {@link NameKey}, which the lists are ordered by and searches match ({@link SortNameColumn}).
 */
public abstract class SortNameMigration extends BaseJavaMigration {

    private final String columnType;

    /** {@code columnType}: the dialect's key column ({@link SortNameColumn#SQLITE}, {@link SortNameColumn#POSTGRESQL}). */
    protected SortNameMigration(String columnType) {
        this.columnType = columnType;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        SortNameColumn.add(c, "contact", "display_name", columnType);
        SortNameColumn.add(c, "organization", "name", columnType);
        rekeyDismissals(c);
        try (Statement s = c.createStatement()) {
            // The contacts list (a range of keys, in order) and the duplicate review (keys of live contacts, grouped
            // and counted from the index alone), which both read LOWER(display_name) before.
            s.execute("CREATE INDEX contact_sort_name ON contact (sort_name, merged_into)");
            s.execute("DROP INDEX contact_name_lower_merged");
            // The organisations list, in name order; nothing looked organisations up by their name as written.
            s.execute("CREATE INDEX organization_sort_name ON organization (sort_name, id)");
            s.execute("DROP INDEX organization_name");
        }
    }

    /**
     * "Different people" answers of the duplicate review were kept under the name as the database lower-cased it; the
     * review now groups by the key, so they move to it (two answers that land on one key for one contact are one).
     */
    private static void rekeyDismissals(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT lower_name FROM duplicate_dismissal")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        try (PreparedStatement copy = c.prepareStatement("INSERT INTO duplicate_dismissal (lower_name, contact_id, dismissed_by,"
                + " dismissed_at) SELECT ?, contact_id, dismissed_by, dismissed_at FROM duplicate_dismissal WHERE lower_name = ?"
                + " ON CONFLICT (lower_name, contact_id) DO NOTHING");
             PreparedStatement delete = c.prepareStatement("DELETE FROM duplicate_dismissal WHERE lower_name = ?")) {
            for (String name : names) {
                String key = NameKey.of(name);
                if (!key.equals(name)) {
                    copy.setString(1, key);
                    copy.setString(2, name);
                    copy.executeUpdate();
                    delete.setString(1, name);
                    delete.executeUpdate();
                }
            }
        }
    }
}
