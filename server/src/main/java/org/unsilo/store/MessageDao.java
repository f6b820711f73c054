package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
public interface MessageDao {

    /** A message as a list entry, read for no viewer in particular. */
    String MESSAGE_ENTRY = "m.id, m.internet_message_id, m.thread_key, m.subject, m.snippet, m.sent_at,"
            + " m.private AS private_flag, m.from_address";
    String CONVERSATION = MESSAGE_ENTRY + ","
            // Whether the viewer may see a private message; worked out only for private ones (CASE evaluates lazily),
            // as nothing asks it of the others.
            + " CASE WHEN m.private <> 0 THEN EXISTS (SELECT 1 FROM message_copy mc WHERE mc.message_id = m.id"
            + " AND mc.user_id = :viewer) ELSE FALSE END AS viewer_owns_copy";

    // Statements of the capture path, shared with the capture writer's plain JDBC (CaptureStatements).
    String ID_BY_INTERNET_MESSAGE_ID = "SELECT id FROM message WHERE internet_message_id = :mid";
    String ID_BY_FINGERPRINT = "SELECT id FROM message WHERE fingerprint = :fp";
    String ID_BY_PROVIDER_REF = "SELECT message_id FROM message_ref WHERE provider = :provider AND provider_id = :pid";
    String INSERT = "INSERT INTO message (internet_message_id, fingerprint, thread_key, subject, subject_norm, participants_hash,"
            + " sent_at, snippet, body, from_address, source, private, captured_by, captured_at)"
            + " VALUES (:internetMessageId, :fingerprint, :threadKey, :subject, :subjectNorm, :participantsHash,"
            + " :sentAt, :snippet, :body, :fromAddress, :source, :privateFlag, :capturedBy, :capturedAt)"
            + " ON CONFLICT DO NOTHING RETURNING id";
    String ADD_COPY = "INSERT INTO message_copy (message_id, user_id, source, captured_at) VALUES (:messageId, :userId, :source, :at)"
            + " ON CONFLICT (message_id, user_id) DO NOTHING";
    String ADD_REF = "INSERT INTO message_ref (provider, provider_id, message_id) VALUES (:provider, :pid, :messageId)"
            + " ON CONFLICT (provider, provider_id) DO NOTHING";
    String ADD_PARTY = "INSERT INTO message_party (message_id, role, address, name, contact_id, user_id, sent_at)"
            + " VALUES (:messageId, :role, :address, :name, :contactId, :userId, :sentAt)"
            + " ON CONFLICT (message_id, role, address) DO NOTHING";
    String MARK_PRIVATE = "UPDATE message SET private = 1 WHERE id = :id AND private = 0";
    String STORED_BY_ID = "SELECT internet_message_id, thread_key, subject, sent_at, private FROM message WHERE id = :id";
    String CONTACT_PARTIES = "SELECT address, contact_id FROM message_party WHERE message_id = :id AND contact_id IS NOT NULL";
    String THREAD_KEY_BY_SUBJECT = "SELECT thread_key FROM message WHERE subject_norm = :subject AND participants_hash = :participants"
            + " AND sent_at BETWEEN :from AND :to ORDER BY sent_at DESC LIMIT 1";

    @SqlQuery(ID_BY_INTERNET_MESSAGE_ID)
    Optional<Long> idByInternetMessageId(@Bind("mid") String internetMessageId);

    @SqlQuery(ID_BY_FINGERPRINT)
    Optional<Long> idByFingerprint(@Bind("fp") String fingerprint);

    @SqlQuery(ID_BY_PROVIDER_REF)
    Optional<Long> idByProviderRef(@Bind("provider") String provider, @Bind("pid") String providerId);

    @SqlQuery(INSERT)
    Optional<Long> insert(@BindMethods NewMessage m);

    @SqlUpdate(ADD_COPY)
    int addCopy(@Bind("messageId") long messageId, @Bind("userId") long userId, @Bind("source") String source, @Bind("at") long at);

    @SqlUpdate(ADD_REF)
    int addRef(@Bind("provider") String provider, @Bind("pid") String providerId, @Bind("messageId") long messageId);

    /** {@code sentAt} is the message's, copied onto the party so contact timelines read an index in order (V6). */
    @SqlUpdate(ADD_PARTY)
    int addParty(@BindMethods PartyRow party, @Bind("sentAt") long sentAt);

    @SqlQuery("SELECT thread_key FROM message WHERE internet_message_id IN (<ids>) ORDER BY sent_at LIMIT 1")
    Optional<String> threadKeyOfAny(@BindList("ids") Collection<String> internetMessageIds);

    @SqlQuery(THREAD_KEY_BY_SUBJECT)
    Optional<String> threadKeyBySubject(@Bind("subject") String subjectNorm, @Bind("participants") String participantsHash,
                                        @Bind("from") long from, @Bind("to") long to);

    @SqlQuery("SELECT user_id FROM message_copy WHERE message_id = :id ORDER BY user_id")
    List<Long> copyOwners(@Bind("id") long messageId);

    /**
     * Messages with a contact, newest first; private ones only for their copy owners. Walks the index
     * {@code message_party_contact_sent} (contact_id, sent_at DESC, message_id DESC) in order and stops after
     * {@code :limit} rows, instead of sorting every message of the contact. A contact with two addresses on one
     * message has two party rows there; only the one with the smallest (role, address) counts, so each message
     * appears once; that check reads the message's few parties by primary key (the unary plus keeps SQLite from
     * reading all of the contact's parties through the contact index instead). The cursor is (sentAt, id) of the last
     * row of the previous page, as before.
     */
    String TIMELINE_OF_CONTACT = "SELECT " + CONVERSATION + " FROM message_party p JOIN message m ON m.id = p.message_id"
            + " WHERE p.contact_id = :contactId"
            + " AND (:beforeSent = 0 OR p.sent_at < :beforeSent OR (p.sent_at = :beforeSent AND p.message_id < :beforeId))"
            + " AND NOT EXISTS (SELECT 1 FROM message_party d WHERE d.message_id = p.message_id AND +d.contact_id = p.contact_id"
            + "   AND (d.role < p.role OR (d.role = p.role AND d.address < p.address)))"
            + " AND (m.private = 0 OR EXISTS (SELECT 1 FROM message_copy mc WHERE mc.message_id = m.id AND mc.user_id = :viewer))"
            + " ORDER BY p.sent_at DESC, p.message_id DESC LIMIT :limit";

    @SqlQuery(TIMELINE_OF_CONTACT)
    List<ConversationRow> timelineOfContact(@Bind("contactId") long contactId, @Bind("viewer") long viewer,
                                            @Bind("beforeSent") long beforeSent, @Bind("beforeId") long beforeId,
                                            @Bind("limit") int limit);

    @SqlQuery("SELECT " + CONVERSATION + " FROM message m"
            + " WHERE m.id IN (SELECT p.message_id FROM message_party p JOIN contact c ON c.id = p.contact_id"
            + "                WHERE c.organization_id = :orgId)"
            + " AND (m.private = 0 OR EXISTS (SELECT 1 FROM message_copy mc WHERE mc.message_id = m.id AND mc.user_id = :viewer))"
            + " ORDER BY m.sent_at DESC, m.id DESC LIMIT :limit")
    List<ConversationRow> timelineOfOrganization(@Bind("orgId") long orgId, @Bind("viewer") long viewer, @Bind("limit") int limit);

    /**
     * The send times of the messages a staff member shares with each of these contacts, one row per matching pair of
     * parties, in no order (message_party.sent_at is the message's, copied at capture: it never changes). CROSS JOIN
     * keeps the contacts' few parties first: from the staff member's side, SQLite without statistics would read all
     * of their messages.
     */
    @SqlQuery("SELECT u.user_id, c.contact_id, c.sent_at FROM message_party c CROSS JOIN message_party u"
            + " WHERE u.message_id = c.message_id AND u.user_id = :userId AND c.contact_id IN (<contactIds>)")
    List<PairTimeRow> sentTimesWith(@Bind("userId") long userId, @BindList("contactIds") Collection<Long> contactIds);

    @SqlQuery("SELECT COUNT(*) FROM message")
    long count();

    @SqlQuery("SELECT COUNT(*) FROM message_copy")
    long countCopies();

    /** The messages a user captured most recently (their copies, newest capture first), via message_copy_user. */
    @SqlQuery("SELECT " + CONVERSATION + " FROM message_copy mc JOIN message m ON m.id = mc.message_id"
            + " WHERE mc.user_id = :viewer ORDER BY mc.message_id DESC LIMIT :limit")
    List<ConversationRow> recentCopiesOf(@Bind("viewer") long viewer, @Bind("limit") int limit);
}
