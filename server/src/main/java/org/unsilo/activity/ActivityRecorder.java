package org.unsilo.activity;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.store.ActivityRow;
import org.unsilo.store.Database;
import org.unsilo.store.SupportDao;

/**
 * Records who did what (lookups, captures, edits) for the adoption figures. Events are buffered and
 * written in one batch every couple of seconds, so that the lookup path — which must stay fast and
 * read-only — never waits for the single SQLite writer.
 */
public final class ActivityRecorder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityRecorder.class);
    private static final int MAX_BUFFERED = 100_000;

    private final Database db;
    private final Clock clock;
    private final ConcurrentLinkedQueue<ActivityRow> buffer = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService flusher;

    public ActivityRecorder(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "unsilo-activity");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, 2, 2, TimeUnit.SECONDS);
    }

    public void record(Long userId, String kind, Long subjectId, String detail) {
        if (buffer.size() < MAX_BUFFERED) {
            buffer.add(new ActivityRow(userId, kind, subjectId, detail, clock.millis()));
        }
    }

    /** Writes everything buffered so far. */
    public void flush() {
        List<ActivityRow> batch = new ArrayList<>();
        for (ActivityRow row; (row = buffer.poll()) != null; ) {
            batch.add(row);
        }
        if (!batch.isEmpty()) {
            db.write(h -> {
                h.attach(SupportDao.class).recordActivity(batch);
                return null;
            });
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not write activity events: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
