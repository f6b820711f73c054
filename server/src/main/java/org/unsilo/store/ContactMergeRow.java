package org.unsilo.store;

/**
 * One source contact folded into a target, with what moved (JSON arrays), so the merge can be undone; with the date
 * an undo gives the target back (its info_at before the merge, or of what mail gave it since:
 * {@link ContactMergeDao#KEEP_TARGET_INFO}) and the one the merge gave it (null for merges made before they were
 * recorded).
 */
public record ContactMergeRow(long id, long targetId, long sourceId, String emails, String absorbedIds, boolean filledName,
                              boolean filledOrg, Long actorId, long mergedAt, Long undoneAt, Long targetInfoAt,
                              Long mergedInfoAt) {
}
