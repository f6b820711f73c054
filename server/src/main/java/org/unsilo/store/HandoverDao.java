package org.unsilo.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface HandoverDao {

    /**
     * A user's relationships with any hand-over of each: those not handed over yet first, strongest first, so that a
     * leaver with more than a page holds is handed over page by page.
     */
    @SqlQuery("SELECT r.contact_id, c.display_name AS contact_name, r.score, r.last_at, r.message_count,"
            + " h.to_user_id, u.display_name AS to_user_name"
            + " FROM relationship r JOIN contact c ON c.id = r.contact_id"
            + " LEFT JOIN relationship_handover h ON h.from_user_id = r.user_id AND h.contact_id = r.contact_id"
            + " LEFT JOIN app_user u ON u.id = h.to_user_id"
            + " WHERE r.user_id = :userId"
            + " ORDER BY CASE WHEN h.to_user_id IS NULL THEN 0 ELSE 1 END, r.score DESC, r.contact_id LIMIT :limit")
    List<HandoverRow> relationshipsOf(@Bind("userId") long userId, @Bind("limit") int limit);

    @SqlUpdate("INSERT INTO relationship_handover (from_user_id, contact_id, to_user_id, handed_over_by, handed_over_at)"
            + " SELECT :from, r.contact_id, :to, :actor, :at FROM relationship r WHERE r.user_id = :from AND r.contact_id = :contactId"
            + " ON CONFLICT (from_user_id, contact_id) DO UPDATE SET to_user_id = excluded.to_user_id,"
            + " handed_over_by = excluded.handed_over_by, handed_over_at = excluded.handed_over_at")
    int handOver(@Bind("from") long fromUserId, @Bind("contactId") long contactId, @Bind("to") long toUserId,
                 @Bind("actor") long actorId, @Bind("at") long at);

    @SqlQuery("SELECT COUNT(*) FROM relationship r WHERE r.user_id = :userId AND NOT EXISTS"
            + " (SELECT 1 FROM relationship_handover h WHERE h.from_user_id = r.user_id AND h.contact_id = r.contact_id)")
    long openCount(@Bind("userId") long userId);

    /** Who took over a contact from whom: (from name, to name) pairs for a contact's page. */
    @SqlQuery("SELECT f.display_name || ' → ' || t.display_name FROM relationship_handover h"
            + " JOIN app_user f ON f.id = h.from_user_id JOIN app_user t ON t.id = h.to_user_id"
            + " WHERE h.contact_id = :contactId ORDER BY h.handed_over_at")
    List<String> ofContact(@Bind("contactId") long contactId);
}
