package org.unsilo.activity;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.store.ActivityRow;
import org.unsilo.store.Changes;
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
    // Bounded with an O(1) size: a ConcurrentLinkedQueue counts its nodes on every size() call, which cost a
    // noticeable share of each lookup once a few thousand events were waiting for the writer.
    private final BlockingQueue<ActivityRow> buffer = new LinkedBlockingQueue<>(MAX_BUFFERED);
    private final AtomicLong dropped = new AtomicLong();
    private final ScheduledExecutorService flusher;

    public ActivityRecorder(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat("unsilo-activity").setDaemon(true).build());
        flusher.scheduleWithFixedDelay(this::flushQuietly, 2, 2, TimeUnit.SECONDS);
    }

    public void record(Long userId, String kind, Long subjectId, String detail) {
        if (!buffer.offer(new ActivityRow(userId, kind, subjectId, detail, clock.millis()))) {
            dropped.incrementAndGet();
        }
    }

    /** Writes everything buffered so far. */
    public void flush() {
        List<ActivityRow> batch = new ArrayList<>();
        buffer.drainTo(batch);
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            LOG.warn("{} activity events were dropped: the database could not keep up", lost);
        }
        if (!batch.isEmpty()) {
            db.write(Changes.none(), h -> {
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
        MoreExecutors.shutdownAndAwaitTermination(flusher, Duration.ofSeconds(10));
        flushQuietly();
    }
}
