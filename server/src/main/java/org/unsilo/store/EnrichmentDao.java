package org.unsilo.store;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Signature enrichment (DESIGN.md §5.8): fills contact fields that are still empty and records where
 * each value came from. Every fill is a single conditional UPDATE, so the "empty and never edited by a
 * person" test and the write are one step, also with several servers on PostgreSQL. {@code edited_fields}
 * is the JSON array of field names ContactService writes, e.g. {@code ["title","phones"]}.
 */
@RegisterConstructorMapper(EnrichmentRow.class)
public interface EnrichmentDao {

    /** {@code :infoAt}: the date of the message the signature is in ({@link ContactDao#INSERT}). */
    @SqlUpdate("UPDATE contact SET phones = :phones, updated_at = :at, " + ContactDao.INFO_AT_AT_LEAST
            + " WHERE id = :id AND merged_into IS NULL AND phones = '[]'"
            + " AND edited_fields NOT LIKE '%\"phones\"%'")
    int fillPhonesIfEmpty(@Bind("id") long contactId, @Bind("phones") String phonesJson, @Bind("at") long at,
                          @Bind("infoAt") long infoAt);

    @SqlUpdate("UPDATE contact SET title = :title, updated_at = :at, " + ContactDao.INFO_AT_AT_LEAST
            + " WHERE id = :id AND merged_into IS NULL AND title IS NULL"
            + " AND edited_fields NOT LIKE '%\"title\"%'")
    int fillTitleIfEmpty(@Bind("id") long contactId, @Bind("title") String title, @Bind("at") long at,
                         @Bind("infoAt") long infoAt);

    /** Renames an organisation only while it still carries the name capture made up from its domain. */
    @SqlUpdate("UPDATE organization SET name = :name, sort_name = :sortName, updated_at = :at"
            + " WHERE id = :id AND name = :generatedName")
    int renameIfGenerated(@Bind("id") long organizationId, @Bind("generatedName") String generatedName,
                          @BindName String name, @Bind("at") long at);

    @SqlUpdate("INSERT INTO contact_enrichment (contact_id, field, value, label, message_id, created_at)"
            + " VALUES (:contactId, :field, :value, :label, :messageId, :at)")
    int record(@Bind("contactId") long contactId, @Bind("field") String field, @Bind("value") String value,
               @Bind("label") String label, @Bind("messageId") Long messageId, @Bind("at") long at);

    @SqlQuery("SELECT id, contact_id, field, value, label, message_id, created_at FROM contact_enrichment"
            + " WHERE contact_id = :id ORDER BY id")
    List<EnrichmentRow> ofContact(@Bind("id") long contactId);
}
