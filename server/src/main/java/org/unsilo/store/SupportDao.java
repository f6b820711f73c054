package org.unsilo.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Settings, block rules, activity and the audit log: small tables that many services write to. */
public interface SupportDao {

    @SqlQuery("SELECT value FROM setting WHERE name = :name")
    Optional<String> setting(@Bind("name") String name);

    @SqlUpdate("INSERT INTO setting (name, value, updated_at) VALUES (:name, :value, :at)"
            + " ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
    void putSetting(@Bind("name") String name, @Bind("value") String value, @Bind("at") long at);

    @SqlQuery("SELECT pattern FROM block_rule")
    List<String> blockPatterns();

    @SqlQuery("INSERT INTO audit_log (actor_id, action, target_type, target_id, before_json, after_json, at)"
            + " VALUES (:actor, :action, :type, :target, :before, :after, :at) RETURNING id")
    long audit(@Bind("actor") Long actorId, @Bind("action") String action, @Bind("type") String targetType,
               @Bind("target") String targetId, @Bind("before") String beforeJson, @Bind("after") String afterJson,
               @Bind("at") long at);

    @SqlBatch("INSERT INTO activity (user_id, kind, subject_id, detail, at) VALUES (:userId, :kind, :subjectId, :detail, :at)")
    void recordActivity(@BindMethods List<ActivityRow> rows);

    @SqlQuery("SELECT id, actor_id, action, target_type, target_id, before_json, after_json, at FROM audit_log"
            + " WHERE (:before = 0 OR id < :before) ORDER BY id DESC LIMIT :limit")
    List<AuditRow> auditLog(@Bind("before") long before, @Bind("limit") int limit);

    /** The newest audit entry of this action on this target (newest first: it stops there). */
    @SqlQuery("SELECT id, actor_id, action, target_type, target_id, before_json, after_json, at FROM audit_log"
            + " WHERE action = :action AND target_id = :target ORDER BY id DESC LIMIT 1")
    Optional<AuditRow> latestAudit(@Bind("action") String action, @Bind("target") String targetId);

    @SqlQuery("SELECT status, response_body, request_hash FROM idempotency_key WHERE user_id = :userId AND idem_key = :key")
    Optional<StoredResponse> storedResponse(@Bind("userId") long userId, @Bind("key") String key);

    @SqlUpdate("INSERT INTO idempotency_key (user_id, idem_key, request_hash, status, response_body, created_at)"
            + " VALUES (:userId, :key, :hash, :status, :body, :at) ON CONFLICT (user_id, idem_key) DO NOTHING")
    int storeResponse(@Bind("userId") long userId, @Bind("key") String key, @Bind("hash") String requestHash,
                      @Bind("status") int status, @Bind("body") String body, @Bind("at") long at);
}
