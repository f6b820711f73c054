package org.unsilo.contacts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.unsilo.relationships.RelationshipUpdater;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ContactMergeDao;
import org.unsilo.store.ContactMergeRow;
import org.unsilo.store.ContactRow;
import org.unsilo.store.Database;
import org.unsilo.store.SupportDao;

/**
 * Undoes contact merges from their {@code contact_merge} records: the source comes back with the addresses it
 * brought (and their message parties), contacts that had been merged into it point at it again, a name or
 * organisation the target only took from it is cleared, the target is as new as it was before (info_at) or as what
 * mail gave it since, unless something made it newer than the merge did, and both contacts' relationships are
 * recomputed from their messages, so figures added by captures since the merge land on the right side. Newest merge
 * first, so a chain unwinds in order.
 */
public final class MergeUndo {

    private final Database db;
    private final RelationshipUpdater updater;
    private final Clock clock;

    public MergeUndo(Database db, RelationshipUpdater updater, Clock clock) {
        this.db = db;
        this.updater = updater;
        this.clock = clock;
    }

    /** Merge records that can still be undone, of {@code ids}. */
    public List<ContactMergeRow> undoable(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(h -> h.attach(ContactMergeDao.class).findByIds(ids).stream()
                .filter(m -> m.undoneAt() == null).toList());
    }

    /** Undoes the given merges; returns the contact ids that came back. */
    public List<Long> undo(long actorId, List<Long> mergeIds) {
        long now = clock.millis();
        return db.write(h -> {
            ContactMergeDao merges = h.attach(ContactMergeDao.class);
            ContactDao contacts = h.attach(ContactDao.class);
            List<Long> restored = new ArrayList<>();
            Set<Long> touched = new HashSet<>();
            for (ContactMergeRow m : mergeIds.isEmpty() ? List.<ContactMergeRow>of() : merges.findByIds(mergeIds)) {
                if (m.undoneAt() != null) {
                    continue;
                }
                ContactRow source = contacts.findById(m.sourceId()).orElse(null);
                ContactRow target = contacts.findById(m.targetId()).orElse(null);
                if (source == null || target == null || !Long.valueOf(m.targetId()).equals(source.mergedInto())
                        || target.mergedInto() != null) {
                    throw new ContactConflictException("merge " + m.id() + " cannot be undone any more: the contacts changed since");
                }
                List<String> emails = ViewMapper.strings(m.emails());
                List<Long> absorbed = ViewMapper.strings(m.absorbedIds()).stream().map(Long::valueOf).toList();
                if (!emails.isEmpty()) {
                    merges.moveEmailsBack(m.targetId(), m.sourceId(), emails);
                    merges.movePartiesBack(m.targetId(), m.sourceId(), emails);
                }
                if (!absorbed.isEmpty()) {
                    merges.repointBack(m.targetId(), m.sourceId(), absorbed);
                }
                merges.unmark(m.sourceId(), now);
                if (m.filledName() && source.displayName() != null) {
                    merges.clearName(m.targetId(), source.displayName(), now);
                }
                if (m.filledOrg() && source.organizationId() != null) {
                    merges.clearOrganization(m.targetId(), source.organizationId(), now);
                }
                if (m.targetInfoAt() != null && m.mergedInfoAt() != null) {
                    merges.restoreInfo(m.targetId(), m.targetInfoAt(), m.mergedInfoAt());
                }
                merges.markUndone(m.id(), now);
                h.attach(SupportDao.class).audit(actorId, "contact.merge.undo", "contact", Long.toString(m.targetId()),
                        "merge " + m.id(), "restored contact " + m.sourceId() + " with " + emails, now);
                restored.add(m.sourceId());
                touched.add(m.sourceId());
                touched.add(m.targetId());
            }
            updater.recomputeContacts(h, touched, now);
            return restored;
        });
    }
}
