package org.unsilo.importer;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs imports started over HTTP in the background, one at a time (the store has one writer, so
 * parallel imports would only take turns). The caller learns the job id as soon as the importer has
 * opened its job; progress, counts and issues are then read from the job row.
 */
public final class ImportRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);

    /** An import to run with the given progress sink. */
    public interface Task {
        void run(ImportProgress progress) throws Exception;
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            new ThreadFactoryBuilder().setNameFormat("unsilo-import").setDaemon(true).build());

    /** Queues {@code task}; the future completes with the job id, or with the error that stopped the import before it had a job. */
    public CompletableFuture<Long> submit(Task task) {
        CompletableFuture<Long> opened = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                task.run(new ImportProgress() {
                    @Override
                    public void jobOpened(long jobId) {
                        opened.complete(jobId);
                    }
                });
                if (!opened.isDone()) {
                    opened.completeExceptionally(new IllegalStateException("the import ended without opening a job"));
                }
            } catch (Exception e) {
                if (!opened.completeExceptionally(e)) {
                    // The job exists and records the failure; the log keeps the details for the admin.
                    LOG.warn("Background import failed: {}", e.toString());
                }
            }
        });
        return opened;
    }

    @Override
    public void close() {
        // An import interrupted here resumes from its checkpoint when it is submitted again.
        MoreExecutors.shutdownAndAwaitTermination(executor, Duration.ofSeconds(20));
    }
}
