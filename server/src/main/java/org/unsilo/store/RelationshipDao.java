package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface RelationshipDao {

    String COLUMNS = "user_id, contact_id, first_at, last_at, sent_count, received_count, message_count, score";

    /** Adds figures to a pair (one message, or a merged contact's totals); CASE keeps it portable (no MIN/LEAST). */
    String MERGE = "INSERT INTO relationship (" + COLUMNS + ", updated_at)"
            + " VALUES (:userId, :contactId, :firstAt, :lastAt, :sentCount, :receivedCount, :messageCount, :score, :now)"
            + " ON CONFLICT (user_id, contact_id) DO UPDATE SET"
            + " first_at = CASE WHEN excluded.first_at < relationship.first_at THEN excluded.first_at ELSE relationship.first_at END,"
            + " last_at = CASE WHEN excluded.last_at > relationship.last_at THEN excluded.last_at ELSE relationship.last_at END,"
            + " sent_count = relationship.sent_count + excluded.sent_count,"
            + " received_count = relationship.received_count + excluded.received_count,"
            + " message_count = relationship.message_count + excluded.message_count,"
            + " score = relationship.score + excluded.score,"
            + " updated_at = excluded.updated_at";
    String ADD_BONUS = "UPDATE relationship SET score = score + :bonus WHERE user_id = :userId AND contact_id = :contactId";

    /** One {@link #MERGE} per pair: the totals of a replay. */
    @SqlBatch(MERGE)
    void mergeAll(@BindMethods Collection<RelationshipRow> totals, @Bind("now") long now);

    /*
     * Reciprocity (the bonus of a conversation both ways), judged on message :id of thread :thread, sent at :sentAt,
     * which staff member :userId or contact :contactId wrote to the other: the _FROM_CONTACT queries when the staff
     * member wrote it, the _FROM_STAFF ones when the contact did.
     */

    /** The other side wrote to the writer earlier in the thread (at or before :id, not :id itself): :id answers it. */
    String EARLIER_FROM_CONTACT = earlierFromOtherSide(true);
    String EARLIER_FROM_STAFF = earlierFromOtherSide(false);
    /**
     * Stored replies from the other side to the writer, at or after :id, that had no earlier message from the writer
     * to answer until :id arrived: they earn their bonus when :id is captured.
     */
    String LATER_REPLIES_FROM_CONTACT = laterRepliesFromOtherSide(true);
    String LATER_REPLIES_FROM_STAFF = laterRepliesFromOtherSide(false);

    private static String earlierFromOtherSide(boolean staffWrote) {
        return "SELECT 1 FROM " + written("e", !staffWrote) + " AND e.sent_at <= :sentAt LIMIT 1";
    }

    private static String laterRepliesFromOtherSide(boolean staffWrote) {
        return "SELECT DISTINCT l.id, l.thread_key, l.sent_at, l.captured_at FROM " + written("l", !staffWrote)
                + " AND l.sent_at >= :sentAt AND NOT EXISTS (SELECT 1 FROM " + written("e", staffWrote)
                + " AND e.id <> l.id AND e.sent_at <= l.sent_at)";
    }

    /**
     * The messages {@code m} of thread :thread other than :id that the staff member wrote to the contact
     * ({@code staffWrote}) or the contact to the staff member, in To or Cc. The staff member and the contact are
     * matched by identity rather than address, so that a reply from another address of the same person (an alias,
     * or a contact merged from two) answers too.
     */
    private static String written(String m, boolean staffWrote) {
        String staff = "user_id = :userId";
        String contact = "contact_id = :contactId";
        return ("message %1$s"
                + " JOIN message_party %1$sf ON %1$sf.message_id = %1$s.id AND %1$sf.role = 'from' AND %1$sf.%2$s"
                + " JOIN message_party %1$sr ON %1$sr.message_id = %1$s.id AND %1$sr.role <> 'from' AND %1$sr.%3$s"
                + " WHERE %1$s.thread_key = :thread AND %1$s.id <> :id")
                .formatted(m, staffWrote ? staff : contact, staffWrote ? contact : staff);
    }

    /**
     * The parties that count of stored messages, oldest message first and each message's parties together: a replay's
     * input (RelationshipUpdater). Parties that are neither staff nor a contact count for nothing and are left out.
     */
    String REPLAY = "SELECT m.id AS message_id, m.thread_key, m.sent_at, m.captured_at, p.role, p.address, p.name, p.contact_id,"
            + " p.user_id FROM message m JOIN message_party p ON p.message_id = m.id";
    String REPLAY_ORDER = " ORDER BY m.sent_at, m.id";

    /**
     * Up to {@code limit} ids of contacts that are on a message, after {@code after}: a rebuild from scratch replays
     * them a batch at a time ({@link #replayOf}), so what it holds in memory is bounded by the batch, not the database.
     */
    @SqlQuery("SELECT DISTINCT contact_id FROM message_party WHERE contact_id > :after ORDER BY contact_id LIMIT :limit")
    List<Long> contactsOnMessagesAfter(@Bind("after") long after, @Bind("limit") int limit);

    /** How many contacts a rebuild replays ({@link #contactsOnMessagesAfter}). */
    @SqlQuery("SELECT COUNT(DISTINCT contact_id) FROM message_party")
    long contactsOnMessages();

    /**
     * The messages of some contacts, with their staff and those contacts, the other contacts on them left out: a
     * per-contact recomputation after a merge or its undo, or a batch of a rebuild. Read as they come (a fetch size, or
     * PostgreSQL's driver would hold every row in memory first).
     */
    @SqlQuery(REPLAY + " WHERE m.id IN (SELECT q.message_id FROM message_party q WHERE q.contact_id IN (<ids>))"
            + " AND (p.user_id IS NOT NULL OR p.contact_id IN (<ids>))" + REPLAY_ORDER)
    @FetchSize(10_000)
    void replayOf(@BindList("ids") Collection<Long> contactIds, Consumer<ReplayedParty> party);

    @SqlQuery("SELECT " + COLUMNS + " FROM relationship WHERE contact_id = :contactId")
    List<RelationshipRow> ofContact(@Bind("contactId") long contactId);

    @SqlUpdate("DELETE FROM relationship WHERE contact_id = :contactId")
    int deleteOfContact(@Bind("contactId") long contactId);

    @SqlUpdate("DELETE FROM relationship")
    int deleteAll();

    /** Staff who know each of the contacts, strongest first (ties by user id). */
    String KNOWN_BY = "SELECT r.contact_id, u.id AS user_id, u.email, u.display_name, u.status, r.score, r.last_at, r.message_count"
            + " FROM relationship r JOIN app_user u ON u.id = r.user_id"
            + " WHERE r.contact_id IN (<ids>) ORDER BY r.contact_id, r.score DESC, r.user_id";

    @SqlQuery(KNOWN_BY)
    List<KnownByRow> knownBy(@BindList("ids") Collection<Long> contactIds);

    /**
     * Staff ranked by their summed strength with everyone at an organisation. CROSS JOIN keeps the organisation's
     * contacts first (SQLite does not reorder it; PostgreSQL plans it as the same inner join): with a bound
     * organisation id SQLite otherwise started from the staff and read every relationship they have.
     */
    @SqlQuery("SELECT 0 AS contact_id, u.id AS user_id, u.email, u.display_name, u.status, SUM(r.score) AS score,"
            + " MAX(r.last_at) AS last_at, SUM(r.message_count) AS message_count"
            + " FROM contact c CROSS JOIN relationship r CROSS JOIN app_user u"
            + " WHERE r.contact_id = c.id AND u.id = r.user_id AND c.organization_id = :orgId GROUP BY u.id, u.email, u.display_name, u.status ORDER BY SUM(r.score) DESC")
    List<KnownByRow> knownByOrganization(@Bind("orgId") long orgId);

    @SqlQuery("SELECT " + COLUMNS + " FROM relationship WHERE user_id = :userId"
            + " AND (:afterContact = 0 OR contact_id > :afterContact) ORDER BY contact_id LIMIT :limit")
    List<RelationshipRow> ofUser(@Bind("userId") long userId, @Bind("afterContact") long afterContact, @Bind("limit") int limit);

    /**
     * Pairs quiet since {@code :before} with enough messages to judge, strongest first (cooling candidates), a page at a
     * time. The unary plus (a no-op on numbers, in PostgreSQL too) keeps SQLite off relationship_user_last: with bound
     * values it cannot tell that most pairs are quiet, and would sort all of them instead of walking relationship_score.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM relationship WHERE +user_id IN (<userIds>) AND +last_at < :before"
            + " AND message_count >= :minMessages ORDER BY score DESC, user_id DESC, contact_id DESC LIMIT :limit OFFSET :offset")
    List<RelationshipRow> quietStrongestFirst(@BindList("userIds") Collection<Long> userIds, @Bind("before") long before,
                                              @Bind("minMessages") int minMessages, @Bind("limit") int limit, @Bind("offset") long offset);

    @SqlQuery("SELECT COUNT(*) FROM relationship")
    long count();
}
