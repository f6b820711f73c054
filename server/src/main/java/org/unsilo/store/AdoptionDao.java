package org.unsilo.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The adoption figures (DESIGN.md §6) over a period. Buckets are whole days or weeks since the epoch, computed in
 * SQL from epoch millis so the statements run unchanged on SQLite and PostgreSQL. {@code :userId} 0 means everyone.
 */
public interface AdoptionDao {

    /** Distinct active users per bucket of {@code :bucketMillis}, shifted by {@code :offsetMillis} (weeks from Monday). */
    // The bucket is computed in a sub-query and grouped by name: PostgreSQL does not treat two copies of an expression
    // with bound parameters as the same expression, so "GROUP BY (at + :offset) / :bucket" fails there.
    @SqlQuery("SELECT bucket, 0 AS user_id, COUNT(DISTINCT user_id) AS count FROM (SELECT (at + :offset) / :bucket AS bucket,"
            + " user_id FROM activity WHERE at >= :from AND user_id IS NOT NULL AND (:userId = 0 OR user_id = :userId)) a"
            + " GROUP BY bucket ORDER BY bucket")
    List<CountRow> activeUsers(@Bind("from") long from, @Bind("bucket") long bucketMillis, @Bind("offset") long offsetMillis,
                               @Bind("userId") long userId);

    /** Events of one kind per bucket and user. */
    @SqlQuery("SELECT bucket, user_id, COUNT(*) AS count FROM (SELECT (at + :offset) / :bucket AS bucket, user_id FROM activity"
            + " WHERE kind = :kind AND at >= :from AND user_id IS NOT NULL AND (:userId = 0 OR user_id = :userId)) a"
            + " GROUP BY bucket, user_id ORDER BY bucket, user_id")
    List<CountRow> eventsPerUser(@Bind("kind") String kind, @Bind("from") long from, @Bind("bucket") long bucketMillis,
                                 @Bind("offset") long offsetMillis, @Bind("userId") long userId);

    /**
     * Each staff member's use since {@code :from}: distinct UTC days with any activity, captures and look-ups. Only
     * staff with some activity have a row.
     */
    @SqlQuery("SELECT user_id, COUNT(DISTINCT at / :day) AS active_days,"
            + " SUM(CASE WHEN kind = 'capture' THEN 1 ELSE 0 END) AS captures,"
            + " SUM(CASE WHEN kind = 'lookup' THEN 1 ELSE 0 END) AS lookups"
            + " FROM activity WHERE at >= :from AND user_id IS NOT NULL AND (:userId = 0 OR user_id = :userId) GROUP BY user_id")
    List<UsageRow> usagePerUser(@Bind("from") long from, @Bind("day") long dayMillis, @Bind("userId") long userId);

    /** The contacts a staff member has exchanged any message with: the base of their share of contacts in touch. */
    @SqlQuery("SELECT COUNT(*) FROM relationship WHERE user_id = :userId")
    long contactsOf(@Bind("userId") long userId);

    /**
     * Contacts whose newest information dates from {@code :since} or later: info_at (see ContactDao.INSERT), not
     * updated_at, so that a mailbox of old mail imported today does not make every contact read as updated.
     */
    @SqlQuery("SELECT COUNT(*) FROM contact WHERE +merged_into IS NULL AND info_at >= :since")
    long contactsUpdatedSince(@Bind("since") long since);

    /** The plus keeps SQLite on relationship_last_contact (recent pairs) rather than walking all pairs in contact order. */
    @SqlQuery("SELECT COUNT(DISTINCT +contact_id) FROM relationship WHERE last_at >= :since AND (:userId = 0 OR user_id = :userId)")
    long contactsTouchedSince(@Bind("since") long since, @Bind("userId") long userId);

    /**
     * Contacts nobody wrote to or edited since {@code :since}: the live ones less those whose information dates from
     * since (as {@link #contactsUpdatedSince}) or written to since, which are few and found by index (contact_info,
     * relationship_last_contact). The plus on merged_into keeps SQLite from starting at contact_merged, where every
     * live contact sits under NULL.
     */
    @SqlQuery("SELECT (SELECT COUNT(*) FROM contact WHERE merged_into IS NULL)"
            + " - (SELECT COUNT(*) FROM contact c WHERE (c.info_at >= :since"
            + "    OR c.id IN (SELECT r.contact_id FROM relationship r WHERE r.last_at >= :since)) AND +c.merged_into IS NULL)")
    long staleContacts(@Bind("since") long since);

    @SqlQuery("SELECT COUNT(*) FROM contact WHERE merged_into IS NULL")
    long contacts();

    /**
     * Pairs whose last message came from the contact, between {@code :oldest} and {@code :before}, newest first:
     * someone wrote and nobody answered. The sent_at copy on message_party finds that last message by index.
     * CROSS JOIN keeps relationship first (SQLite does not reorder it; PostgreSQL plans it as the same inner join), so
     * relationship_last_contact is walked newest first and the walk stops at the limit, instead of checking every pair of the
     * year and sorting. In the EXISTS, CROSS JOIN likewise starts from the contact's last message, never from all of
     * the staff member's.
     */
    @SqlQuery("SELECT r.contact_id, c.display_name AS contact_name, r.user_id, u.display_name AS user_name, r.last_at"
            + " FROM relationship r CROSS JOIN app_user u CROSS JOIN contact c"
            + " WHERE u.id = r.user_id AND c.id = r.contact_id"
            + " AND r.last_at < :before AND r.last_at >= :oldest AND (:userId = 0 OR r.user_id = :userId)"
            + " AND u.status = 'active'"
            + " AND EXISTS (SELECT 1 FROM message_party p CROSS JOIN message_party s"
            + "   WHERE s.message_id = p.message_id AND s.user_id = r.user_id"
            + "   AND p.contact_id = r.contact_id AND p.sent_at = r.last_at AND p.role = 'from')"
            + " ORDER BY r.last_at DESC LIMIT :limit")
    List<FollowUpRow> followUpGaps(@Bind("before") long before, @Bind("oldest") long oldest, @Bind("userId") long userId,
                                   @Bind("limit") int limit);
}
