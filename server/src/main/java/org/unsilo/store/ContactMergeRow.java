package org.unsilo.store;

/** One source contact folded into a target, with what moved (JSON arrays), so the merge can be undone. */
public record ContactMergeRow(long id, long targetId, long sourceId, String emails, String absorbedIds, boolean filledName,
                              boolean filledOrg, Long actorId, long mergedAt, Long undoneAt) {
}
