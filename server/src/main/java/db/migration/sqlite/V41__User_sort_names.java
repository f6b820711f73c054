package db.migration.sqlite;

import org.unsilo.store.SortNameColumn;
import org.unsilo.store.UserSortNameMigration;

/** {@link UserSortNameMigration} on SQLite. */
public class V41__User_sort_names extends UserSortNameMigration {

    public V41__User_sort_names() {
        super(SortNameColumn.SQLITE);
    }
}
