package org.unsilo.importer;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.unsilo.store.Database;
import org.unsilo.store.ImportIssueRow;
import org.unsilo.store.ImportJobDao;
import org.unsilo.store.ImportJobRow;

/**
 * Import jobs and their checkpoints. Running the same import again (same kind, source and options)
 * finds its job: a finished one is reported as done and adds nothing; an interrupted one resumes from
 * the checkpoint that was committed together with the captures it covers.
 */
public final class ImportJobs {

    public static final int MAX_REASON_LENGTH = 2000;

    private final Database db;
    private final Clock clock;

    public ImportJobs(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Finds the job for {@code jobKey} or creates it. */
    public ImportJobRow open(String kind, String source, String jobKey, String optionsJson, Long ownerId, Long createdBy) {
        long now = clock.millis();
        return db.write(h -> {
            ImportJobDao dao = h.attach(ImportJobDao.class);
            Optional<ImportJobRow> existing = dao.findByKey(jobKey);
            if (existing.isPresent()) {
                return existing.get();
            }
            long id = dao.insert(kind, source, jobKey, optionsJson, ownerId, createdBy, now);
            return dao.findById(id).orElseThrow();
        });
    }

    public void markRunning(long jobId, Long total) {
        long now = clock.millis();
        db.write(h -> h.attach(ImportJobDao.class).markRunning(jobId, total, now));
    }

    /** The number of items, once counted (an import that starts before it knows it). */
    public void setTotal(long jobId, long total) {
        long now = clock.millis();
        db.write(h -> h.attach(ImportJobDao.class).setTotal(jobId, total, now));
    }

    /** Records progress inside the caller's transaction, so it commits exactly with the work it describes. */
    public void checkpoint(Handle handle, long jobId, long processed, String checkpoint, ImportCounts counts) {
        handle.attach(ImportJobDao.class).checkpoint(jobId, processed, checkpoint, counts.toJson(), clock.millis());
    }

    /** Records an item that could not be imported, inside the caller's transaction. */
    public void issue(Handle handle, long jobId, String item, String reason) {
        String r = reason == null ? "unknown error" : reason;
        handle.attach(ImportJobDao.class).addIssue(jobId, item,
                r.length() > MAX_REASON_LENGTH ? r.substring(0, MAX_REASON_LENGTH) + "…" : r, clock.millis());
    }

    public void finish(long jobId, ImportCounts counts) {
        long now = clock.millis();
        db.write(h -> h.attach(ImportJobDao.class).finish(jobId, "done", counts.toJson(), null, now));
    }

    public void fail(long jobId, ImportCounts counts, String error) {
        long now = clock.millis();
        db.write(h -> h.attach(ImportJobDao.class).finish(jobId, "failed", counts.toJson(), error, now));
    }

    public Optional<ImportJobRow> find(long jobId) {
        return db.read(h -> h.attach(ImportJobDao.class).findById(jobId));
    }

    public List<ImportJobRow> list(long beforeId, int limit) {
        return db.read(h -> h.attach(ImportJobDao.class).list(beforeId, limit));
    }

    public List<ImportIssueRow> issues(long jobId, long afterId, int limit) {
        return db.read(h -> h.attach(ImportJobDao.class).issues(jobId, afterId, limit));
    }

    public long issueCount(long jobId) {
        return db.read(h -> h.attach(ImportJobDao.class).issueCount(jobId));
    }
}
