package org.unsilo.importer;

/** Where an import reports its progress: a terminal progress bar, or nothing (background jobs keep it in the job row). */
public interface ImportProgress extends AutoCloseable {

    /** The import's job row exists (created, or found again to resume); background callers learn its id here. */
    default void jobOpened(long jobId) {
    }

    /** The amount of work is known (items), or -1 when it is not. */
    void start(String task, long total, long alreadyDone);

    void advance(long items);

    /** One line for the person watching (e.g. aliases learned, an item skipped). */
    void note(String line);

    @Override
    void close();

    ImportProgress NONE = new ImportProgress() {
        @Override
        public void start(String task, long total, long alreadyDone) {
        }

        @Override
        public void advance(long items) {
        }

        @Override
        public void note(String line) {
        }

        @Override
        public void close() {
        }
    };
}
