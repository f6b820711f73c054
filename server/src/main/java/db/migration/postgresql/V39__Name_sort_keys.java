package db.migration.postgresql;

import org.unsilo.store.SortNameMigration;

/**
 * {@link SortNameMigration} on PostgreSQL. The key compares byte by byte ("C") whatever the database's locale: the
 * lists are then in the same order as on SQLite, and the key is folded for sorting already.
 */
public class V39__Name_sort_keys extends SortNameMigration {

    public V39__Name_sort_keys() {
        super("TEXT COLLATE \"C\"");
    }
}
