package db.migration.sqlite;

import org.unsilo.store.SortNameMigration;

/** {@link SortNameMigration} on SQLite, whose text compares byte by byte. */
public class V39__Name_sort_keys extends SortNameMigration {

    public V39__Name_sort_keys() {
        super("TEXT");
    }
}
