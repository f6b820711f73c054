package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single writer runs savepoints: one per record of an address-book import, one per capture of a group stored again
 * after one of them failed. SQLite keeps the first copy of every page a savepoint changes, and by default spills those
 * copies to a temporary file past 64 KiB: two write() calls per page (bench/README.md). On the writer they stay in
 * memory.
 */
class WriterSavepointsTest {

    private static final String PAYLOAD = "x".repeat(3_000);

    @TempDir
    Path dir;

    @Test
    void aSavepointsPageCopiesStayInMemory() throws IOException {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("u.db"))) {
            db.write(h -> h.execute("INSERT INTO audit_log (action, target_type, after_json, at)"
                    + " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                    + " SELECT 'seed', 'thing', '" + PAYLOAD + "', i FROM n"));
            List<String> during = db.write(h -> {
                h.savepoint("capture0");
                // ~200 pages changed inside the savepoint: far past the 64 KiB SQLite keeps in memory by default.
                h.execute("UPDATE audit_log SET after_json = after_json || 'y' WHERE action = 'seed'");
                List<String> open = sqliteTemporaryFiles();
                h.releaseSavepoint("capture0");
                return open;
            });
            assertThat(during).as("temporary files the writer had open inside the savepoint").isEmpty();
            int tempStore = db.write(h -> h.createQuery("PRAGMA temp_store").mapTo(Integer.class).one());
            assertThat(tempStore).as("temp_store of the writer connection (2 = memory)").isEqualTo(2);
        }
    }

    /** SQLite's temporary files: opened in the temporary directory under its "etilqs_" prefix and deleted at once. */
    private static List<String> sqliteTemporaryFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(WriterSavepointsTest::target).filter(t -> t.contains("etilqs_")).toList();
        } catch (IOException e) {
            throw new IllegalStateException("this test reads /proc/self/fd (Linux)", e);
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "";  // closed between the listing and the read
        }
    }
}
