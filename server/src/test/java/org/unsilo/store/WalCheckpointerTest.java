package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite the write-ahead log is copied back into the database file by {@link WalCheckpointer}'s own thread, not
 * inside the single writer's commits (bench/README.md): the writer's commits leave a short log alone, and the copy
 * happens anyway.
 */
class WalCheckpointerTest {

    private static final int ROWS = 2_000;
    private static final String PAYLOAD = "x".repeat(4_000);

    @TempDir
    Path dir;

    @Test
    void theWritersCommitsCheckpointOnlyALongLog() {
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("u.db"))) {
            int pages = db.write(h -> h.createQuery("PRAGMA wal_autocheckpoint").mapTo(Integer.class).one());
            assertThat(pages).isEqualTo(WalCheckpointer.WRITER_CHECKPOINT_PAGES);
        }
    }

    @Test
    void theLogIsCopiedIntoTheDatabaseFileBesideTheWriter() throws Exception {
        Path file = dir.resolve("u.db");
        try (Database db = Database.open("jdbc:sqlite:" + file)) {
            long before = Files.size(file);
            // ~8 MB in 200 commits: about 2,000 pages of log, far below the writer's own checkpoint threshold.
            for (int t = 0; t < ROWS / 10; t++) {
                db.write(h -> {
                    for (int i = 0; i < 10; i++) {
                        h.createUpdate("INSERT INTO audit_log (action, target_type, after_json, at) VALUES ('test', 'thing', :p, 0)")
                                .bind("p", PAYLOAD).execute();
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (Files.size(file) - before < ROWS * (long) PAYLOAD.length() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.size(file) - before)
                    .as("bytes copied from the log into the database file while the database stays open")
                    .isGreaterThanOrEqualTo(ROWS * (long) PAYLOAD.length());
            int stored = db.read(h -> h.createQuery("SELECT COUNT(*) FROM audit_log WHERE action = 'test'").mapTo(Integer.class).one());
            assertThat(stored).isEqualTo(ROWS);
        }
    }

    @Test
    void aQuietDatabaseIsLookedAtAFewTimesASecond() throws Exception {
        Path file = dir.resolve("u.db");
        Database.open("jdbc:sqlite:" + file).close();
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        try (WalCheckpointer checkpointer = new WalCheckpointer(source)) {
            // The first look after a second, then 2 s with nothing written: ~10 looks, where every 25 ms would be ~80.
            Thread.sleep(3_000);
            assertThat(checkpointer.runs()).isBetween(1L, 1L + 2_000 / WalCheckpointer.IDLE_INTERVAL_MILLIS + 5);
        }
    }
}
