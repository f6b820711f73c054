package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface ContactMergeDao {

    String COLUMNS = "id, target_id, source_id, emails, absorbed_ids, filled_name, filled_org, actor_id, merged_at, undone_at,"
            + " target_info_at, merged_info_at";

    /** @param targetInfoAt the target's info_at before the merge, which an undo gives back ({@link #KEEP_TARGET_INFO}) */
    @SqlQuery("INSERT INTO contact_merge (target_id, source_id, emails, absorbed_ids, filled_name, filled_org, actor_id, merged_at,"
            + " target_info_at) VALUES (:target, :source, :emails, :absorbed, :filledName, :filledOrg, :actor, :at,"
            + " :targetInfoAt) RETURNING id")
    long insert(@Bind("target") long targetId, @Bind("source") long sourceId, @Bind("emails") String emailsJson,
                @Bind("absorbed") String absorbedJson, @Bind("filledName") boolean filledName,
                @Bind("filledOrg") boolean filledOrg, @Bind("actor") long actorId, @Bind("at") long at,
                @Bind("targetInfoAt") long targetInfoAt);

    /**
     * What mail gives a merge's target after the merge (a name, a signature's title or phones) stays on the target when
     * the merge is undone, and so does its date. Mail no newer than the date the merge gave the target does not move
     * info_at ({@link ContactDao#INFO_AT_AT_LEAST}), so only this tells the undo: the date it gives back becomes at
     * least that mail's. Merges made before target_info_at was recorded keep none.
     */
    String KEEP_TARGET_INFO = "UPDATE contact_merge SET target_info_at = :infoAt"
            + " WHERE target_id = :id AND undone_at IS NULL AND target_info_at < :infoAt";

    @SqlUpdate(KEEP_TARGET_INFO)
    int keepTargetInfo(@Bind("id") long targetId, @Bind("infoAt") long infoAt);

    /** Once the merge is done: the info_at it gave the target, by which an undo tells whether anything moved it since. */
    @SqlUpdate("UPDATE contact_merge SET merged_info_at = (SELECT c.info_at FROM contact c WHERE c.id = contact_merge.target_id)"
            + " WHERE id IN (<ids>)")
    int recordMergedInfo(@BindList("ids") Collection<Long> mergeIds);

    @SqlQuery("SELECT " + COLUMNS + " FROM contact_merge WHERE id IN (<ids>) ORDER BY id DESC")
    List<ContactMergeRow> findByIds(@BindList("ids") Collection<Long> ids);

    @SqlQuery("SELECT " + COLUMNS + " FROM contact_merge WHERE id = :id")
    Optional<ContactMergeRow> find(@Bind("id") long id);

    /**
     * A merged contact's hand-overs, on the contact it was merged into where that one had none from the same leaver:
     * the leaver's relationship now lives on the target, and a hand-over left on the source no longer showed. The
     * source keeps its own, for an undo.
     */
    @SqlUpdate("INSERT INTO relationship_handover (from_user_id, contact_id, to_user_id, handed_over_by, handed_over_at)"
            + " SELECT from_user_id, :target, to_user_id, handed_over_by, handed_over_at FROM relationship_handover"
            + " WHERE contact_id = :source ON CONFLICT (from_user_id, contact_id) DO NOTHING")
    int copyHandovers(@Bind("source") long sourceId, @Bind("target") long targetId);

    @SqlUpdate("UPDATE contact_merge SET undone_at = :at WHERE id = :id AND undone_at IS NULL")
    int markUndone(@Bind("id") long id, @Bind("at") long at);

    @SqlQuery("SELECT id FROM contact WHERE merged_into = :id")
    List<Long> mergedInto(@Bind("id") long contactId);

    @SqlUpdate("UPDATE contact_email SET contact_id = :source WHERE contact_id = :target AND address IN (<emails>)")
    int moveEmailsBack(@Bind("target") long targetId, @Bind("source") long sourceId, @BindList("emails") Collection<String> emails);

    @SqlUpdate("UPDATE message_party SET contact_id = :source WHERE contact_id = :target AND address IN (<emails>)")
    int movePartiesBack(@Bind("target") long targetId, @Bind("source") long sourceId, @BindList("emails") Collection<String> emails);

    @SqlUpdate("UPDATE contact SET merged_into = :source WHERE id IN (<ids>) AND merged_into = :target")
    int repointBack(@Bind("target") long targetId, @Bind("source") long sourceId, @BindList("ids") Collection<Long> ids);

    // Undoing a merge leaves the source's info_at (ContactDao.INSERT) as it is: it gives back what each contact held,
    // no newer information, so the contact brought back is as old as it was before the merge. The target's is given
    // back by restoreInfo.
    @SqlUpdate("UPDATE contact SET merged_into = NULL, updated_at = :at WHERE id = :id")
    int unmark(@Bind("id") long id, @Bind("at") long at);

    /**
     * After an undo: the target's info_at goes back to what it was before the merge, or to the date of what mail gave it
     * since if that is later ({@code before}, {@link #KEEP_TARGET_INFO}), or to the newest of the contacts still merged
     * into it if that is newer (ContactDao.takeNewestMergedInfo), unless something moved it past the date the merge
     * gave it ({@code merged}: an edit, a newer message, an address book), which stands.
     * Another undo of the same target may have lowered it already, which is no such move.
     */
    @SqlUpdate("UPDATE contact SET info_at = (SELECT MAX(d.info_at) FROM (SELECT :before AS info_at UNION ALL"
            + " SELECT m.info_at FROM contact m WHERE m.merged_into = :id) d)"
            + " WHERE id = :id AND info_at <= :merged")
    int restoreInfo(@Bind("id") long targetId, @Bind("before") long before, @Bind("merged") long merged);

    @SqlUpdate("UPDATE contact SET display_name = NULL, sort_name = NULL, updated_at = :at"
            + " WHERE id = :id AND display_name = :name")
    int clearName(@Bind("id") long id, @Bind("name") String name, @Bind("at") long at);

    @SqlUpdate("UPDATE contact SET organization_id = NULL, updated_at = :at WHERE id = :id AND organization_id = :orgId")
    int clearOrganization(@Bind("id") long id, @Bind("orgId") long orgId, @Bind("at") long at);
}
