package db.migration.postgresql;

import org.unsilo.store.SortNameColumn;
import org.unsilo.store.SortNameMigration;

/** {@link SortNameMigration} on PostgreSQL, its keys compared byte by byte as on SQLite. */
public class V39__Name_sort_keys extends SortNameMigration {

    public V39__Name_sort_keys() {
        super(SortNameColumn.POSTGRESQL);
    }
}
