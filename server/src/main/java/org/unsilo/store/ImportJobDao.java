package org.unsilo.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface ImportJobDao {

    String COLUMNS = "id, kind, source, job_key, options, owner_id, status, total, processed, checkpoint, counts, error,"
            + " created_by, created_at, updated_at, finished_at";

    @SqlQuery("INSERT INTO import_job (kind, source, job_key, options, owner_id, status, created_by, created_at, updated_at)"
            + " VALUES (:kind, :source, :jobKey, :options, :ownerId, 'queued', :createdBy, :at, :at) RETURNING id")
    long insert(@Bind("kind") String kind, @Bind("source") String source, @Bind("jobKey") String jobKey,
                @Bind("options") String options, @Bind("ownerId") Long ownerId, @Bind("createdBy") Long createdBy,
                @Bind("at") long at);

    @SqlQuery("SELECT " + COLUMNS + " FROM import_job WHERE id = :id")
    Optional<ImportJobRow> findById(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM import_job WHERE job_key = :jobKey")
    Optional<ImportJobRow> findByKey(@Bind("jobKey") String jobKey);

    @SqlQuery("SELECT " + COLUMNS + " FROM import_job WHERE (:before = 0 OR id < :before) ORDER BY id DESC LIMIT :limit")
    List<ImportJobRow> list(@Bind("before") long before, @Bind("limit") int limit);

    @SqlUpdate("UPDATE import_job SET status = 'running', total = :total, error = NULL, updated_at = :at WHERE id = :id")
    int markRunning(@Bind("id") long id, @Bind("total") Long total, @Bind("at") long at);

    @SqlUpdate("UPDATE import_job SET total = :total, updated_at = :at WHERE id = :id")
    int setTotal(@Bind("id") long id, @Bind("total") long total, @Bind("at") long at);

    @SqlUpdate("UPDATE import_job SET processed = :processed, checkpoint = :checkpoint, counts = :counts, updated_at = :at"
            + " WHERE id = :id")
    int checkpoint(@Bind("id") long id, @Bind("processed") long processed, @Bind("checkpoint") String checkpoint,
                   @Bind("counts") String counts, @Bind("at") long at);

    @SqlUpdate("UPDATE import_job SET status = :status, counts = :counts, error = :error, updated_at = :at, finished_at = :at"
            + " WHERE id = :id")
    int finish(@Bind("id") long id, @Bind("status") String status, @Bind("counts") String counts,
               @Bind("error") String error, @Bind("at") long at);

    @SqlUpdate("INSERT INTO import_issue (job_id, item, reason, at) VALUES (:jobId, :item, :reason, :at)"
            + " ON CONFLICT (job_id, item) DO NOTHING")
    int addIssue(@Bind("jobId") long jobId, @Bind("item") String item, @Bind("reason") String reason, @Bind("at") long at);

    @SqlQuery("SELECT id, job_id, item, reason, at FROM import_issue WHERE job_id = :jobId AND id > :after ORDER BY id LIMIT :limit")
    List<ImportIssueRow> issues(@Bind("jobId") long jobId, @Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM import_issue WHERE job_id = :jobId")
    long issueCount(@Bind("jobId") long jobId);
}
