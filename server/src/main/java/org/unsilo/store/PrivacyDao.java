package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What is held about one person, and erasing it (GDPR art. 15 and 17). A person is a set of contact ids (the contact
 * and those merged into it) and a set of addresses; callers pass {@code -1} for "no contact", so that no IN list is
 * ever empty. LIKE patterns are escaped with {@code !} by the caller.
 */
public interface PrivacyDao {

    /**
     * A party linked to a contact always has one of that contact's addresses, so the person's parties with one of
     * their addresses are theirs by contact, or have none (the index of addresses holds only those: migration V36).
     */
    String PARTY_OF_PERSON = "(p.contact_id IN (<ids>) OR (p.contact_id IS NULL AND p.address IN (<addresses>)))";

    /** The messages where the person is the only contact (whatever staff are on them), which erasure strips. */
    String ONLY_WITH_PERSON = "id IN (SELECT p.message_id FROM message_party p WHERE " + PARTY_OF_PERSON + ")"
            + " AND NOT EXISTS (SELECT 1 FROM message_party o WHERE o.message_id = message.id"
            + "   AND o.contact_id IS NOT NULL AND o.contact_id NOT IN (<ids>))";

    @SqlQuery("SELECT " + ContactDao.COLUMNS + " FROM contact c WHERE c.merged_into = :id ORDER BY c.id")
    List<ContactRow> mergedInto(@Bind("id") long contactId);

    @SqlQuery("SELECT m.id AS message_id, m.internet_message_id, m.thread_key, m.subject, m.snippet, m.body, m.sent_at,"
            + " m.source, m.private AS private_flag, p.role, p.address, p.name"
            + " FROM message_party p JOIN message m ON m.id = p.message_id WHERE " + PARTY_OF_PERSON
            + " ORDER BY m.sent_at, m.id, p.role, p.address")
    List<PersonPartyRow> partiesOf(@BindList("ids") Collection<Long> contactIds,
                                   @BindList("addresses") Collection<String> addresses);

    @SqlQuery("SELECT id, actor_id, action, target_type, target_id, before_json, after_json, at FROM audit_log"
            + " WHERE (target_type = 'contact' AND target_id IN (<ids>))"
            + " OR before_json LIKE :pattern ESCAPE '!' OR after_json LIKE :pattern ESCAPE '!' ORDER BY id")
    List<AuditRow> auditOf(@BindList("ids") Collection<String> contactIds, @Bind("pattern") String likePattern);

    @SqlQuery("SELECT id, job_id, item, reason, at FROM import_issue"
            + " WHERE item LIKE :pattern ESCAPE '!' OR reason LIKE :pattern ESCAPE '!' ORDER BY id")
    List<ImportIssueRow> importIssuesOf(@Bind("pattern") String likePattern);

    @SqlQuery("SELECT COUNT(*) FROM message WHERE " + ONLY_WITH_PERSON)
    int countMessagesOnlyWith(@BindList("ids") Collection<Long> contactIds,
                              @BindList("addresses") Collection<String> addresses);

    // --- erasure, in this order inside one transaction

    /**
     * Subject, text and body of the messages where the person is the only contact: what is left of them (date,
     * staff, thread) no longer says anything about that person. Messages with other contacts keep their content.
     */
    @SqlUpdate("UPDATE message SET subject = NULL, subject_norm = '', snippet = NULL, body = NULL WHERE " + ONLY_WITH_PERSON)
    int stripMessagesOnlyWith(@BindList("ids") Collection<Long> contactIds,
                              @BindList("addresses") Collection<String> addresses);

    @SqlUpdate("UPDATE message SET from_address = NULL WHERE from_address IN (<addresses>)")
    int forgetSender(@BindList("addresses") Collection<String> addresses);

    @SqlUpdate("DELETE FROM message_party AS p WHERE " + PARTY_OF_PERSON)
    int deleteParties(@BindList("ids") Collection<Long> contactIds, @BindList("addresses") Collection<String> addresses);

    @SqlUpdate("DELETE FROM relationship WHERE contact_id IN (<ids>)")
    int deleteRelationships(@BindList("ids") Collection<Long> contactIds);

    @SqlUpdate("DELETE FROM contact_enrichment WHERE contact_id IN (<ids>)")
    int deleteEnrichment(@BindList("ids") Collection<Long> contactIds);

    @SqlUpdate("DELETE FROM contact_email WHERE contact_id IN (<ids>) OR address IN (<addresses>)")
    int deleteAddresses(@BindList("ids") Collection<Long> contactIds, @BindList("addresses") Collection<String> addresses);

    @SqlUpdate("DELETE FROM contact WHERE merged_into IN (<ids>)")
    int deleteMergedInto(@BindList("ids") Collection<Long> contactIds);

    @SqlUpdate("DELETE FROM contact WHERE id IN (<ids>)")
    int deleteContacts(@BindList("ids") Collection<Long> contactIds);

    /** Audit entries keep that something was done, when and by whom; what they recorded about the person goes. */
    @SqlUpdate("UPDATE audit_log SET before_json = CASE WHEN before_json IS NULL THEN NULL ELSE :redacted END,"
            + " after_json = CASE WHEN after_json IS NULL THEN NULL ELSE :redacted END"
            + " WHERE (target_type = 'contact' AND target_id IN (<ids>))"
            + " OR before_json LIKE :pattern ESCAPE '!' OR after_json LIKE :pattern ESCAPE '!'")
    int redactAudit(@BindList("ids") Collection<String> contactIds, @Bind("pattern") String likePattern,
                    @Bind("redacted") String redacted);

    @SqlUpdate("DELETE FROM import_issue WHERE item LIKE :pattern ESCAPE '!' OR reason LIKE :pattern ESCAPE '!'")
    int deleteImportIssues(@Bind("pattern") String likePattern);

    /** Replays of captures are answered from stored responses, which name the contacts of the capture. */
    @SqlUpdate("DELETE FROM idempotency_key WHERE response_body LIKE :pattern ESCAPE '!'")
    int deleteStoredResponses(@Bind("pattern") String likePattern);

    // --- suppressions

    @SqlUpdate("INSERT INTO suppression (address_hash, reason, created_by, created_at) VALUES (:hash, :reason, :by, :at)"
            + " ON CONFLICT (address_hash) DO NOTHING")
    int suppress(@Bind("hash") String addressHash, @Bind("reason") String reason, @Bind("by") Long createdBy,
                 @Bind("at") long at);

    @SqlUpdate("DELETE FROM suppression WHERE address_hash = :hash")
    int lift(@Bind("hash") String addressHash);

    @SqlQuery("SELECT COUNT(*) FROM suppression WHERE address_hash = :hash")
    int isSuppressed(@Bind("hash") String addressHash);

    @SqlQuery("SELECT COUNT(*) FROM suppression")
    int countSuppressions();

    @SqlQuery("SELECT id, address_hash, reason, created_by, created_at FROM suppression"
            + " WHERE id > :after AND (:hash = '' OR address_hash = :hash) ORDER BY id LIMIT :limit")
    List<SuppressionRow> suppressions(@Bind("hash") String addressHash, @Bind("after") long after, @Bind("limit") int limit);
}
