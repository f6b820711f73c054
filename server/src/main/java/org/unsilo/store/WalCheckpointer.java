package org.unsilo.store;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file on a thread of its own. Left to SQLite, that copy and
 * its {@code fsync} run inside whichever commit takes the log past 1,000 pages: on the single writer, with every
 * queued capture waiting behind it (about a third of the writer's time under load, bench/README.md). This thread
 * runs the same PASSIVE checkpoint SQLite would have run, every few milliseconds while anything is written and a few
 * times a second otherwise: it never waits for the writer or for readers and copies what no reader still needs. The
 * writer's commits checkpoint only a long log ({@link #WRITER_CHECKPOINT_PAGES}), which by then is nearly all copied.
 */
final class WalCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** After the server's start-up work, so the first checkpoint's connection costs it nothing. */
    private static final long FIRST_DELAY_MILLIS = 1_000;
    /** Often enough that little is left to copy when the writer's own turn comes (100 ms gave longer stalls). */
    private static final long INTERVAL_MILLIS = 25;
    /**
     * While nothing is written: a quiet server need not wake forty times a second. Short enough that a burst of
     * writes after a quiet spell does not reach the writer's own threshold before the next look (~10,000 pages at the
     * capture benchmark's 1,200–1,500 captures/s, against {@link #WRITER_CHECKPOINT_PAGES}).
     */
    static final long IDLE_INTERVAL_MILLIS = 200;
    /**
     * The log length (pages) at which the writer's commit checkpoints (SQLite's default: 1,000 pages). The log can
     * only start again from the beginning when a write begins with everything copied, which under a steady stream of
     * writes happens only after a checkpoint the writer itself ran; by then this thread has copied all but the last
     * fraction of a second, but the writer still waits for its two {@code fsync}s, behind the device's queue of this
     * thread's writes (~40 ms each under the capture benchmark). 48,000 pages made them a third as frequent as 16,000
     * (800–876 → 870–1,009 captures/s at 100k contacts). Once captures stopped copying pages for savepoints the writer
     * filled that log in about a second. At 144,000 pages (~590 MB of log at most) the writer sleeps 4 % of the time
     * instead of 8 %, and p95 was 41–56 against 54–69 ms; the throughput gain (~4 %) is within this machine's drift
     * between runs (bench/README.md). A longer log does not slow readers, who search only the frames not yet copied
     * back (which this thread keeps few). A start after a crash reads the whole log once: 1.1 s for a full one of
     * 614 MB (bench/README.md). A writer's checkpoint is skipped while this thread's runs, and tried again at its next
     * commit.
     */
    static final int WRITER_CHECKPOINT_PAGES = 144_000;

    private final DataSource source;
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1,
            new ThreadFactoryBuilder().setNameFormat("unsilo-checkpoint").setDaemon(true).build());
    /** Opened on the checkpoint thread at its first run and only used there, as are the fields below. */
    private Connection connection;
    private boolean failing;
    /** The log's length in frames at the last look; -1 before the first. */
    private long lastLogFrames = -1;
    private final AtomicLong runs = new AtomicLong();

    WalCheckpointer(DataSource source) {
        this.source = source;
        // Closing drops the next look instead of waiting for it.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        schedule(FIRST_DELAY_MILLIS);
    }

    private void schedule(long delayMillis) {
        try {
            thread.schedule(this::run, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: no more checkpoints.
        }
    }

    private void run() {
        boolean written = checkpoint();
        schedule(written ? INTERVAL_MILLIS : IDLE_INTERVAL_MILLIS);
    }

    /** Copies what it can; says whether anything was written since the last look (or it cannot tell). */
    private boolean checkpoint() {
        runs.incrementAndGet();
        try {
            if (connection == null) {
                connection = source.getConnection();
            }
            long logFrames;
            long copiedFrames;
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                logFrames = rs.getLong(2);
                copiedFrames = rs.getLong(3);
            }
            if (failing) {
                LOG.info("Checkpoints of the SQLite write-ahead log work again");
                failing = false;
            }
            // Quiet: the log neither grew nor started again since the last look, and all of it is copied.
            boolean written = logFrames != lastLogFrames || copiedFrames < logFrames;
            lastLogFrames = logFrames;
            return written;
        } catch (SQLException | RuntimeException e) {
            // Nothing is lost while checkpoints fail: the log only grows, and every reader still sees every commit.
            if (!failing) {
                LOG.warn("Checkpoint of the SQLite write-ahead log failed, trying again: {}", e.getMessage());
                failing = true;
            }
            closeConnection();
            return true;
        }
    }

    /** Checkpoints looked at so far (for tests). */
    long runs() {
        return runs.get();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // The connection is dropped either way; a new one is opened on the next run.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
