package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
public interface ContactDao {

    String COLUMNS = "c.id, c.display_name, c.organization_id, c.title, c.phones, c.edited_fields, c.source,"
            + " c.created_by, c.created_at, c.updated_at, c.info_at, c.merged_into";

    @SqlQuery("SELECT contact_id FROM contact_email WHERE address = :address")
    Optional<Long> idByAddress(@Bind("address") String address);

    String KNOWN_BY_ADDRESS = "SELECT e.contact_id, c.display_name IS NULL AS unnamed FROM contact_email e"
            + " JOIN contact c ON c.id = e.contact_id WHERE e.address = :address";
    /**
     * info_at, when the newest information in the record dates from (DESIGN.md §6: the dashboard's "updated" and
     * "stale"), is not updated_at (when the row last changed, the API's updatedAt): a contact taken today from 2001
     * mail carries 2001. Person edits and address books set it to their time; what mail brings only moves it forward
     * to the message's date ({@link #INFO_AT_AT_LEAST}), so an old message captured late never makes a contact newer.
     */
    String INSERT = "INSERT INTO contact (display_name, sort_name, organization_id, source, created_by, created_at, updated_at,"
            + " info_at) VALUES (:name, :sortName, :orgId, :source, :createdBy, :at, :at, :infoAt) RETURNING id";
    /** info_at moved forward to {@code :infoAt}, never back. */
    String INFO_AT_AT_LEAST = "info_at = CASE WHEN info_at < :infoAt THEN :infoAt ELSE info_at END";
    String ADD_EMAIL = "INSERT INTO contact_email (address, contact_id, created_at) VALUES (:address, :contactId, :at)"
            + " ON CONFLICT (address) DO NOTHING";
    String FILL_NAME_IF_EMPTY = "UPDATE contact SET display_name = :name, sort_name = :sortName, updated_at = :at, "
            + INFO_AT_AT_LEAST
            + " WHERE id = :id AND display_name IS NULL";

    @SqlQuery(KNOWN_BY_ADDRESS)
    Optional<KnownContact> knownByAddress(@Bind("address") String address);

    String CONTACT_IDS_OF = "SELECT address, contact_id FROM contact_email WHERE address IN (<addresses>)";
    String FIND_BY_IDS = "SELECT " + COLUMNS + " FROM contact c WHERE c.id IN (<ids>)";
    String EMAILS_OF_ALL = "SELECT address, contact_id FROM contact_email WHERE contact_id IN (<ids>) ORDER BY created_at, address";

    @SqlQuery(INSERT)
    long insert(@BindName String name, @Bind("orgId") Long orgId, @Bind("source") String source,
                @Bind("createdBy") Long createdBy, @Bind("at") long at, @Bind("infoAt") long infoAt);

    @SqlUpdate(ADD_EMAIL)
    int addEmail(@Bind("address") String address, @Bind("contactId") long contactId, @Bind("at") long at);

    @SqlQuery("SELECT " + COLUMNS + " FROM contact c WHERE c.id = :id")
    Optional<ContactRow> findById(@Bind("id") long id);

    @SqlQuery(FIND_BY_IDS)
    List<ContactRow> findByIds(@BindList("ids") Collection<Long> ids);

    @SqlQuery("SELECT address FROM contact_email WHERE contact_id = :id ORDER BY created_at, address")
    List<String> emailsOf(@Bind("id") long id);

    @SqlQuery(EMAILS_OF_ALL)
    List<ContactEmailRow> emailsOfAll(@BindList("ids") Collection<Long> ids);

    /**
     * The search of the contacts list ({@code Search}): the name's key or the organisation's matches {@code :names},
     * an address or the organisation's domain {@code :q} (all for ''), and of one organisation (0: any). The address
     * and organisation matches are each one set built once (IN), not a probe per contact: a search that matches few
     * people no longer costs two correlated look-ups for every contact.
     */
    String MATCHES = " AND (:q = '' OR c.sort_name LIKE :names ESCAPE '!'"
            + "      OR c.id IN (SELECT e.contact_id FROM contact_email e WHERE e.address LIKE :q ESCAPE '!')"
            + "      OR c.organization_id IN (SELECT o.id FROM organization o"
            + "                 WHERE o.sort_name LIKE :names ESCAPE '!' OR o.domain LIKE :q ESCAPE '!'))"
            + " AND (:orgId = 0 OR c.organization_id = :orgId)";

    /**
     * Not merged into another contact, said so that SQLite cannot start from contact_merged (where every live contact
     * sits under NULL, in no useful order) while PostgreSQL, which reads it as {@code merged_into IS NULL}, still
     * counts how many rows pass. The usual {@code +merged_into} does the first but not the second: PostgreSQL then
     * guessed a few dozen live contacts and sorted the whole table instead of reading an index in order.
     */
    String LIVE = "NOT (c.merged_into IS NOT NULL)";

    /**
     * Live named contacts matching {@link #MATCHES}, by the name's key, then id, after the position ({@code afterKey},
     * {@code afterId}). The first condition is a range on contact_sort_name, read in order: only contacts of one key
     * get sorted by id.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM contact c WHERE " + LIVE
            + " AND c.sort_name >= :afterKey AND (c.sort_name > :afterKey OR c.id > :afterId)" + MATCHES
            + " ORDER BY c.sort_name, c.id LIMIT :limit")
    List<ContactRow> searchNamed(@Bind("q") String addressPattern, @Bind("names") String namePattern, @Bind("orgId") long orgId,
                                 @Bind("afterKey") String afterKey, @Bind("afterId") long afterId, @Bind("limit") int limit);

    /**
     * Live contacts without a name matching {@link #MATCHES}, by id (SQLite reads them from contact_name, under NULL,
     * in id order).
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM contact c WHERE " + LIVE + " AND c.display_name IS NULL"
            + " AND c.id > :afterId" + MATCHES + " ORDER BY c.id LIMIT :limit")
    List<ContactRow> searchUnnamed(@Bind("q") String addressPattern, @Bind("names") String namePattern,
                                   @Bind("orgId") long orgId, @Bind("afterId") long afterId, @Bind("limit") int limit);

    /** The people of an organisation in the contacts list's order: by the name's key, the unnamed last. */
    @SqlQuery("SELECT " + COLUMNS + " FROM contact c WHERE c.organization_id = :orgId AND c.merged_into IS NULL"
            + " ORDER BY c.sort_name IS NULL, c.sort_name, c.id LIMIT :limit")
    List<ContactRow> ofOrganization(@Bind("orgId") long orgId, @Bind("limit") int limit);

    @SqlUpdate("UPDATE contact SET display_name = :name, sort_name = :sortName, title = :title, organization_id = :orgId,"
            + " phones = :phones, edited_fields = :edited, updated_at = :at, info_at = :at WHERE id = :id")
    int update(@Bind("id") long id, @BindName String name, @Bind("title") String title, @Bind("orgId") Long orgId,
               @Bind("phones") String phonesJson, @Bind("edited") String editedJson, @Bind("at") long at);

    @SqlUpdate(FILL_NAME_IF_EMPTY)
    int fillNameIfEmpty(@Bind("id") long id, @BindName String name, @Bind("at") long at, @Bind("infoAt") long infoAt);

    @SqlUpdate("UPDATE contact SET organization_id = :orgId, updated_at = :at, info_at = :at"
            + " WHERE id = :id AND organization_id IS NULL")
    int fillOrganizationIfEmpty(@Bind("id") long id, @Bind("orgId") long orgId, @Bind("at") long at);

    @SqlUpdate("UPDATE contact_email SET contact_id = :into WHERE contact_id = :from")
    int moveEmails(@Bind("from") long from, @Bind("into") long into);

    @SqlUpdate("UPDATE message_party SET contact_id = :into WHERE contact_id = :from")
    int moveParties(@Bind("from") long from, @Bind("into") long into);

    @SqlUpdate("UPDATE contact SET merged_into = :into, updated_at = :at WHERE id = :from")
    int markMerged(@Bind("from") long from, @Bind("into") long into, @Bind("at") long at);

    @SqlUpdate("UPDATE contact SET merged_into = :into WHERE merged_into = :from")
    int repointMerged(@Bind("from") long from, @Bind("into") long into);

    /**
     * After a merge: the contact's information is as new as the newest of its own and of every contact merged into it
     * (info_at, {@link #INSERT}), whether or not the merge filled a field; a merge does not make it older.
     */
    @SqlUpdate("UPDATE contact SET info_at = (SELECT MAX(m.info_at) FROM contact m WHERE m.merged_into = :id), updated_at = :at"
            + " WHERE id = :id AND info_at < (SELECT MAX(m.info_at) FROM contact m WHERE m.merged_into = :id)")
    int takeNewestMergedInfo(@Bind("id") long id, @Bind("at") long at);

    @SqlUpdate("UPDATE message_party SET contact_id = NULL WHERE contact_id = :id")
    int detachParties(@Bind("id") long id);

    @SqlUpdate("DELETE FROM contact WHERE merged_into = :id")
    int deleteMergedInto(@Bind("id") long id);

    @SqlUpdate("DELETE FROM contact WHERE id = :id")
    int delete(@Bind("id") long id);

    @SqlQuery("SELECT COUNT(*) FROM contact WHERE merged_into IS NULL")
    long count();

    // --- Address-book imports (importer.contacts). They fill empty fields only, and the edited_fields
    // condition sits in the statement itself so that a concurrent edit by a person always wins.

    @SqlQuery("INSERT INTO contact (display_name, sort_name, organization_id, title, phones, source, created_by, created_at,"
            + " updated_at, info_at) VALUES (:name, :sortName, :orgId, :title, :phones, :source, :createdBy, :at, :at, :at)"
            + " RETURNING id")
    long insertImported(@BindName String name, @Bind("orgId") Long orgId, @Bind("title") String title,
                        @Bind("phones") String phonesJson, @Bind("source") String source,
                        @Bind("createdBy") Long createdBy, @Bind("at") long at);

    @SqlUpdate("UPDATE contact SET display_name = :name, sort_name = :sortName, updated_at = :at, info_at = :at WHERE id = :id"
            + " AND (display_name IS NULL OR display_name = '') AND edited_fields NOT LIKE '%\"name\"%'")
    int fillNameIfEmptyAndUnedited(@Bind("id") long id, @BindName String name, @Bind("at") long at);

    @SqlUpdate("UPDATE contact SET title = :title, updated_at = :at, info_at = :at WHERE id = :id"
            + " AND (title IS NULL OR title = '') AND edited_fields NOT LIKE '%\"title\"%'")
    int fillTitleIfEmptyAndUnedited(@Bind("id") long id, @Bind("title") String title, @Bind("at") long at);

    @SqlUpdate("UPDATE contact SET phones = :phones, updated_at = :at, info_at = :at WHERE id = :id"
            + " AND (phones = '[]' OR phones = '') AND edited_fields NOT LIKE '%\"phones\"%'")
    int fillPhonesIfEmptyAndUnedited(@Bind("id") long id, @Bind("phones") String phonesJson, @Bind("at") long at);

    @SqlUpdate("UPDATE contact SET organization_id = :orgId, updated_at = :at, info_at = :at WHERE id = :id"
            + " AND organization_id IS NULL AND edited_fields NOT LIKE '%\"organization\"%'")
    int fillOrganizationIfEmptyAndUnedited(@Bind("id") long id, @Bind("orgId") long orgId, @Bind("at") long at);

    /**
     * A contact whose name has this key ({@code NameKey}) and that has no address at all: how a name-only card finds
     * itself again when the same person is imported from another export, or from Unsilo's own CSV export (which holds
     * typed-in contacts), also where one of them writes the name without its accents.
     */
    @SqlQuery("SELECT c.id FROM contact c WHERE c.merged_into IS NULL AND c.sort_name = :key"
            + " AND NOT EXISTS (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id) ORDER BY c.id LIMIT 1")
    Optional<Long> withoutAddressByKey(@Bind("key") String nameKey);

    // --- Duplicate review (web view): people stored twice under different addresses, found by equal names.

    /**
     * Name keys ({@code NameKey}: "José Ruiz" is "Jose Ruiz") that more than one live contact carries, most copies
     * first. Filtering on sort_name (empty and NULL names excluded alike) lets contact_sort_name answer without the
     * rows; the plus keeps SQLite from starting at contact_merged, where every live contact sits under NULL.
     */
    @SqlQuery("SELECT sort_name FROM contact WHERE +merged_into IS NULL"
            + " AND sort_name <> '' GROUP BY sort_name HAVING COUNT(*) > 1"
            + " ORDER BY COUNT(*) DESC, sort_name LIMIT :limit")
    List<String> duplicateNames(@Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(DISTINCT lower_name) FROM duplicate_dismissal")
    int dismissedNames();

    /** Contacts said to be different people under this name key (lower_name holds name keys since migration 39). */
    @SqlQuery("SELECT contact_id FROM duplicate_dismissal WHERE lower_name = :key")
    List<Long> dismissedOf(@Bind("key") String nameKey);

    @SqlUpdate("INSERT INTO duplicate_dismissal (lower_name, contact_id, dismissed_by, dismissed_at)"
            + " VALUES (:key, :contactId, :by, :at) ON CONFLICT (lower_name, contact_id) DO NOTHING")
    void dismiss(@Bind("key") String nameKey, @Bind("contactId") long contactId, @Bind("by") long by, @Bind("at") long at);

    @SqlUpdate("DELETE FROM duplicate_dismissal WHERE contact_id IN (<ids>)")
    void undismiss(@BindList("ids") Collection<Long> contactIds);

    @SqlQuery("SELECT " + COLUMNS + " FROM contact c WHERE +c.merged_into IS NULL AND c.sort_name IN (<keys>)"
            + " ORDER BY c.sort_name, c.id")
    List<ContactRow> withNameKeys(@BindList("keys") Collection<String> nameKeys);
}
