package org.unsilo.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unsilo.store.Database;
import org.unsilo.testing.TestDatabase;

/** Every text value in every table of the database (SQLite or PostgreSQL) that contains one of some words (case-insensitive). */
final class DatabaseText {

    private DatabaseText() {
    }

    static List<String> containing(Database db, String... words) {
        return db.read(h -> {
            List<String> found = new ArrayList<>();
            for (String table : TestDatabase.tables(h)) {
                for (Map<String, Object> row : h.createQuery("SELECT * FROM " + table).mapToMap().list()) {
                    for (Map.Entry<String, Object> cell : row.entrySet()) {
                        if (cell.getValue() instanceof String s) {
                            for (String w : words) {
                                if (s.toLowerCase(Locale.ROOT).contains(w.toLowerCase(Locale.ROOT))) {
                                    found.add(table + "." + cell.getKey() + " = " + s);
                                }
                            }
                        }
                    }
                }
            }
            return found;
        });
    }
}
