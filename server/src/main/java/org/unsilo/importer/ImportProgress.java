package org.unsilo.importer;

/**
 * Where an import reports its progress: a terminal progress bar, or nothing (background jobs keep it in the job
 * row). Every method does nothing by default, so a sink overrides only what it shows.
 */
public interface ImportProgress extends AutoCloseable {

    /** The import's job row exists (created, or found again to resume); background callers learn its id here. */
    default void jobOpened(long jobId) {
    }

    /** The amount of work is known (items), or -1 when it is not. */
    default void start(String task, long total, long alreadyDone) {
    }

    default void advance(long items) {
    }

    /** The amount of work became known after {@link #start} with -1 (it was counted while the import ran). */
    default void total(long total) {
    }

    /** One line for the person watching (e.g. aliases learned, an item skipped). */
    default void note(String line) {
    }

    @Override
    default void close() {
    }

    ImportProgress NONE = new ImportProgress() { };
}
