package org.unsilo.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.unsilo.common.NameKey;

/**
 * Migration 41, the same for every dialect but the column's type: colleagues ({@code app_user}) get {@code sort_name},
 * their name's {@link NameKey} ({@link SortNameColumn}), which the users and roles list is ordered by and its search
 * matches, as the contacts list is since migration 39. With the database's {@code LOWER} "Émile" sorted after "Zoe",
 * a search for "emile" did not find him, and SQLite and PostgreSQL put the list in different orders.
 */
public abstract class UserSortNameMigration extends BaseJavaMigration {

    private final String columnType;

    /** {@code columnType}: the dialect's key column ({@link SortNameColumn#SQLITE}, {@link SortNameColumn#POSTGRESQL}). */
    protected UserSortNameMigration(String columnType) {
        this.columnType = columnType;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        SortNameColumn.add(c, "app_user", "display_name", columnType);
        try (Statement s = c.createStatement()) {
            // The list's pages, in name order, for a firm of thousands.
            s.execute("CREATE INDEX app_user_sort_name ON app_user (sort_name, id)");
        }
    }
}
