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

    String CONVERSATION = "m.id, m.internet_message_id, m.thread_key, m.subject, m.snippet, m.sent_at,"
            + " m.private AS private_flag,"
            + " EXISTS (SELECT 1 FROM message_copy mc WHERE mc.message_id = m.id AND mc.user_id = :viewer) AS viewer_owns_copy,"
            + " m.from_address";

    @SqlQuery("SELECT id FROM message WHERE internet_message_id = :mid")
    Optional<Long> idByInternetMessageId(@Bind("mid") String internetMessageId);

    @SqlQuery("SELECT id FROM message WHERE fingerprint = :fp")
    Optional<Long> idByFingerprint(@Bind("fp") String fingerprint);

    @SqlQuery("SELECT message_id FROM message_ref WHERE provider = :provider AND provider_id = :pid")
    Optional<Long> idByProviderRef(@Bind("provider") String provider, @Bind("pid") String providerId);

    @SqlQuery("INSERT INTO message (internet_message_id, fingerprint, thread_key, subject, subject_norm, participants_hash,"
            + " sent_at, snippet, body, from_address, source, private, captured_by, captured_at)"
            + " VALUES (:internetMessageId, :fingerprint, :threadKey, :subject, :subjectNorm, :participantsHash,"
            + " :sentAt, :snippet, :body, :fromAddress, :source, :privateFlag, :capturedBy, :capturedAt)"
            + " ON CONFLICT DO NOTHING RETURNING id")
    Optional<Long> insert(@BindMethods NewMessage m);

    @SqlUpdate("INSERT INTO message_copy (message_id, user_id, source, captured_at) VALUES (:messageId, :userId, :source, :at)"
            + " ON CONFLICT (message_id, user_id) DO NOTHING")
    int addCopy(@Bind("messageId") long messageId, @Bind("userId") long userId, @Bind("source") String source, @Bind("at") long at);

    @SqlUpdate("INSERT INTO message_ref (provider, provider_id, message_id) VALUES (:provider, :pid, :messageId)"
            + " ON CONFLICT (provider, provider_id) DO NOTHING")
    int addRef(@Bind("provider") String provider, @Bind("pid") String providerId, @Bind("messageId") long messageId);

    @SqlUpdate("INSERT INTO message_party (message_id, role, address, name, contact_id, user_id)"
            + " VALUES (:messageId, :role, :address, :name, :contactId, :userId)"
            + " ON CONFLICT (message_id, role, address) DO NOTHING")
    int addParty(@BindMethods PartyRow party);

    @SqlUpdate("UPDATE message SET private = 1 WHERE id = :id AND private = 0")
    int markPrivate(@Bind("id") long id);

    @SqlQuery("SELECT message_id, role, address, name, contact_id, user_id FROM message_party WHERE message_id = :id")
    List<PartyRow> parties(@Bind("id") long messageId);

    @SqlQuery("SELECT thread_key FROM message WHERE internet_message_id IN (<ids>) ORDER BY sent_at LIMIT 1")
    Optional<String> threadKeyOfAny(@BindList("ids") Collection<String> internetMessageIds);

    @SqlQuery("SELECT thread_key FROM message WHERE subject_norm = :subject AND participants_hash = :participants"
            + " AND sent_at BETWEEN :from AND :to ORDER BY sent_at DESC LIMIT 1")
    Optional<String> threadKeyBySubject(@Bind("subject") String subjectNorm, @Bind("participants") String participantsHash,
                                        @Bind("from") long from, @Bind("to") long to);

    @SqlQuery("SELECT " + CONVERSATION + " FROM message m WHERE m.id = :id")
    Optional<ConversationRow> conversation(@Bind("id") long id, @Bind("viewer") long viewer);

    @SqlQuery("SELECT user_id FROM message_copy WHERE message_id = :id ORDER BY user_id")
    List<Long> copyOwners(@Bind("id") long messageId);

    /** Messages with a contact, newest first; private ones only for their copy owners. */
    String TIMELINE_OF_CONTACT = "SELECT " + CONVERSATION + " FROM message m"
            + " WHERE m.id IN (SELECT p.message_id FROM message_party p WHERE p.contact_id = :contactId)"
            + " AND (m.private = 0 OR EXISTS (SELECT 1 FROM message_copy mc WHERE mc.message_id = m.id AND mc.user_id = :viewer))"
            + " AND (:beforeSent = 0 OR m.sent_at < :beforeSent OR (m.sent_at = :beforeSent AND m.id < :beforeId))"
            + " ORDER BY m.sent_at DESC, m.id DESC LIMIT :limit";

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

    @SqlQuery("SELECT m.sent_at FROM message m"
            + " JOIN message_party c ON c.message_id = m.id AND c.contact_id = :contactId"
            + " JOIN message_party u ON u.message_id = m.id AND u.user_id = :userId ORDER BY m.sent_at")
    List<Long> sentTimesBetween(@Bind("userId") long userId, @Bind("contactId") long contactId);

    @SqlQuery("SELECT id, thread_key, sent_at FROM message ORDER BY sent_at, id")
    List<MessageKey> allInSentOrder();

    @SqlQuery("SELECT COUNT(*) FROM message")
    long count();

    @SqlQuery("SELECT COUNT(*) FROM message_copy")
    long countCopies();
}
