package db.migration.postgresql;

import org.unsilo.store.SortNameColumn;
import org.unsilo.store.UserSortNameMigration;

/** {@link UserSortNameMigration} on PostgreSQL, its keys compared byte by byte as on SQLite. */
public class V41__User_sort_names extends UserSortNameMigration {

    public V41__User_sort_names() {
        super(SortNameColumn.POSTGRESQL);
    }
}
