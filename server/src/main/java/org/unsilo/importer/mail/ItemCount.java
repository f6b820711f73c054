package org.unsilo.importer.mail;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.unsilo.importer.ImportJobs;
import org.unsilo.importer.ImportProgress;

/**
 * How many items an import holds, counted on a thread of its own while the import already runs: counting reads
 * every mbox through once (a Google Takeout file can be gigabytes), and nothing should wait for that. The job and the
 * progress bar get the total when it is known; until then the bar shows the count and rate without an end.
 */
final class ItemCount implements AutoCloseable {

    private final ExecutorService thread;
    private final Future<Long> counted;
    private final ImportJobs jobs;
    private final long jobId;
    private final ImportProgress progress;
    private long total = -1;

    ItemCount(List<ItemSource.Root> roots, MailFormat format, boolean everyFile, ImportJobs jobs, long jobId,
              ImportProgress progress) {
        this.thread = Executors.newSingleThreadExecutor(
                new ThreadFactoryBuilder().setNameFormat("mail-count").setDaemon(true).build());
        this.counted = thread.submit(() -> ItemSource.countItems(roots, format, everyFile));
        this.jobs = jobs;
        this.jobId = jobId;
        this.progress = progress;
    }

    /** Passes the total on if it has been counted; called by the importing thread between batches. */
    void publishIfCounted() {
        if (total < 0 && counted.isDone()) {
            publish();
        }
    }

    /** The total, once the count is done (waited for if need be), or -1 if the archive could not be counted. */
    long await() {
        if (total < 0) {
            publish();
        }
        return total;
    }

    private void publish() {
        try {
            total = counted.get();
        } catch (ExecutionException e) {
            // The import itself reports what it cannot read; without a count, progress simply has no end.
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        jobs.setTotal(jobId, total);
        progress.total(total);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
