package org.unsilo.relationships;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.unsilo.store.MessageKey;
import org.unsilo.store.PartyRow;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.RelationshipStatements;

/**
 * Adds one message's contribution to the (staff, contact) pairs on it, inside the capture's transaction; and
 * recomputes relationships from the stored messages ({@link Replay}) when they are rebuilt from scratch, or for some
 * contacts when a merge (or its undo) moved messages between them.
 */
public final class RelationshipUpdater {

    private static final List<String> ROLES = List.of("from", "to", "cc");

    /** Contacts replayed together by a rebuild: few statements, and memory for their threads only. */
    private static final int REBUILD_BATCH = 500;

    private final Strength strength;

    public RelationshipUpdater(Strength strength) {
        this.strength = strength;
    }

    /**
     * A newly captured message. Messages arrive in any order (a sync lists newest first), so besides this
     * message's own reciprocity bonus, later replies in the thread that only now have an earlier message
     * to answer get theirs: the result is what {@link #rebuild} gives with all messages present.
     * {@code dao} runs on the capture's transaction: the capture writer's plain JDBC statements (attaching a DAO per
     * message cost ~4 % of a capture's CPU, and Jdbi's per-statement work about as much as SQLite itself).
     *
     * @param threadIsNew the message started its thread just now, so there is nothing in it to reply to or to be
     *                    answered by, and the two reciprocity queries per staff/contact pair are skipped
     * @param now         the capture's time, stored as the message's captured_at
     */
    public void onMessage(RelationshipStatements dao, long messageId, String threadKey, boolean threadIsNew,
                          long sentAt, List<PartyRow> parties, long now) {
        MessageKey m = new MessageKey(messageId, threadKey, sentAt, now);
        // A message counts once for each (staff member, contact) pair however many of their addresses are on it: a
        // contact merged from two addresses, a colleague in To under an alias too. The strongest role is theirs.
        for (PartyRow staff : strongestRoleOf(parties, PartyRow::userId)) {
            for (PartyRow contact : strongestRoleOf(parties, PartyRow::contactId)) {
                boolean staffSent = staff.role().equals("from");
                boolean contactSent = contact.role().equals("from");
                dao.merge(staff.userId(), contact.contactId(), sentAt, sentAt, staffSent ? 1 : 0, contactSent ? 1 : 0, 1,
                        strength.score(weight(staff), sentAt, now), now);
                if (threadIsNew || (!staffSent && !contactSent)) {
                    continue;
                }
                if (dao.answersEarlier(m, staff.userId(), contact.contactId(), staffSent)) {
                    dao.addBonus(staff.userId(), contact.contactId(), strength.score(Strength.RECIPROCITY_BONUS, sentAt, now));
                }
                for (MessageKey reply : dao.repliesAnsweringOnly(m, staff.userId(), contact.contactId(), staffSent)) {
                    dao.addBonus(staff.userId(), contact.contactId(),
                            strength.score(Strength.RECIPROCITY_BONUS, reply.sentAt(), reply.capturedAt()));
                }
            }
        }
    }

    /** What a message is worth to a pair by the staff member's (strongest) role on it. */
    static double weight(PartyRow staff) {
        return staff.role().equals("from") ? Strength.SENT_BY_STAFF
                : staff.role().equals("to") ? Strength.STAFF_IN_TO : Strength.STAFF_IN_CC;
    }

    /**
     * Recomputes every relationship from the stored messages ({@link Replay}), as captures gave them. Each message is dated
     * as its capture dated it (a date in the future counts as the moment it was captured, {@link Strength#score}).
     * A batch of contacts at a time: a pair's figures depend only on the messages with both on them, and the writers
     * of every thread of a whole database held at once would need gigabytes at millions of messages.
     */
    public void rebuild(Handle handle, long now, RebuildProgress progress) {
        RelationshipDao dao = handle.attach(RelationshipDao.class);
        dao.deleteAll();
        progress.start(dao.contactsOnMessages());
        long after = 0;
        for (List<Long> batch; !(batch = dao.contactsOnMessagesAfter(after, REBUILD_BATCH)).isEmpty(); ) {
            replay(dao, batch, now);
            progress.replayed(batch.size());
            after = batch.get(batch.size() - 1);
        }
    }

    /**
     * Recomputes the relationships of some contacts only, from their messages, the other contacts on them left out
     * (after a merge moved message parties between contacts, or its undo moved them back). In memory ({@link Replay}),
     * one row written per pair: replayed through the per-message statements, a contact with 20,000 messages held the
     * one writer for seconds.
     */
    public void recomputeContacts(Handle handle, Collection<Long> contactIds, long now) {
        if (contactIds.isEmpty()) {
            return;
        }
        RelationshipDao dao = handle.attach(RelationshipDao.class);
        contactIds.forEach(dao::deleteOfContact);
        replay(dao, contactIds, now);
    }

    private void replay(RelationshipDao dao, Collection<Long> contactIds, long now) {
        Replay replay = new Replay(strength);
        dao.replayOf(contactIds, replay);
        dao.mergeAll(replay.totals(), now);
    }

    /** One party per staff member (or contact), the one with the strongest role: from, then To, then Cc. */
    static Collection<PartyRow> strongestRoleOf(List<PartyRow> parties, Function<PartyRow, Long> identity) {
        Map<Long, PartyRow> out = new LinkedHashMap<>();
        for (PartyRow p : parties) {
            if (identity.apply(p) != null) {
                out.merge(identity.apply(p), p, (a, b) -> ROLES.indexOf(b.role()) < ROLES.indexOf(a.role()) ? b : a);
            }
        }
        return out.values();
    }
}
