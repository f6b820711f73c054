package org.unsilo.relationships;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.unsilo.store.ContactMergeDao;
import org.unsilo.store.MessageDao;
import org.unsilo.store.MessageKey;
import org.unsilo.store.PartyRow;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.RelationshipStatements;

/**
 * Adds one message's contribution to the (staff, contact) pairs on it. Runs inside the capture's
 * transaction, and again for every message when relationships are rebuilt from scratch, or for a contact's
 * messages when a merge (or its undo) moved them between contacts.
 */
public final class RelationshipUpdater {

    private static final List<String> ROLES = List.of("from", "to", "cc");

    private final Strength strength;

    public RelationshipUpdater(Strength strength) {
        this.strength = strength;
    }

    /**
     * A newly captured message. Messages arrive in any order (a sync lists newest first), so besides this
     * message's own reciprocity bonus, later replies in the thread that only now have an earlier message
     * to answer get theirs: the result is what {@link #replay} gives with all messages present.
     * {@code dao} runs on the capture's transaction: the capture writer's plain JDBC statements (attaching a DAO per
     * message cost ~4 % of a capture's CPU, and Jdbi's per-statement work about as much as SQLite itself).
     *
     * @param threadIsNew the message started its thread just now, so there is nothing in it to reply to or to be
     *                    answered by, and the two reciprocity queries per staff/contact pair are skipped
     * @param now         the capture's time, stored as the message's captured_at
     */
    public void onMessage(RelationshipStatements dao, long messageId, String threadKey, boolean threadIsNew,
                          long sentAt, List<PartyRow> parties, long now) {
        apply(dao, new MessageKey(messageId, threadKey, sentAt, now), parties, now, !threadIsNew, true);
    }

    /**
     * Replays stored messages, oldest first, when every one of them is stored already and each finds its own earlier
     * ones: the full rebuild, and the recomputation of some contacts after a merge or its undo. {@code parties} gives
     * the parties of a message to count. Each message is dated as its capture dated it (a date in the future counts
     * as the moment it was captured, {@link Strength#score}), so a replay gives the figures captures gave.
     */
    public void replay(RelationshipDao dao, List<MessageKey> messages, Function<MessageKey, List<PartyRow>> parties,
                       long now) {
        RelationshipStatements statements = RelationshipStatements.of(dao);
        for (MessageKey m : messages) {
            apply(statements, m, parties.apply(m), now, true, false);
        }
    }

    /**
     * Recomputes the relationships of some contacts only, from their messages, the other contacts on them left out
     * (after a merge moved message parties between contacts, or its undo moved them back).
     */
    public void recomputeContacts(Handle handle, Collection<Long> contactIds, long now) {
        if (contactIds.isEmpty()) {
            return;
        }
        RelationshipDao dao = handle.attach(RelationshipDao.class);
        MessageDao messages = handle.attach(MessageDao.class);
        contactIds.forEach(dao::deleteOfContact);
        replay(dao, handle.attach(ContactMergeDao.class).messagesOf(contactIds), m -> messages.parties(m.id()).stream()
                .filter(p -> p.userId() != null || (p.contactId() != null && contactIds.contains(p.contactId())))
                .toList(), now);
    }

    private void apply(RelationshipStatements dao, MessageKey m, List<PartyRow> parties, long now,
                       boolean threadHasOthers, boolean creditLaterReplies) {
        // A message counts once for each (staff member, contact) pair however many of their addresses are on it: a
        // contact merged from two addresses, a colleague in To under an alias too. The strongest role is theirs.
        for (PartyRow staff : strongestRoleOf(parties, PartyRow::userId)) {
            for (PartyRow contact : strongestRoleOf(parties, PartyRow::contactId)) {
                boolean staffSent = staff.role().equals("from");
                boolean contactSent = contact.role().equals("from");
                double weight = staffSent ? Strength.SENT_BY_STAFF
                        : staff.role().equals("to") ? Strength.STAFF_IN_TO : Strength.STAFF_IN_CC;
                dao.merge(staff.userId(), contact.contactId(), m.sentAt(), m.sentAt(), staffSent ? 1 : 0, contactSent ? 1 : 0, 1,
                        strength.score(weight, m.sentAt(), m.capturedAt()), now);
                if (!threadHasOthers || (!staffSent && !contactSent)) {
                    continue;
                }
                if (dao.answersEarlier(m, staff.userId(), contact.contactId(), staffSent)) {
                    dao.addBonus(staff.userId(), contact.contactId(), strength.score(Strength.RECIPROCITY_BONUS, m.sentAt(), m.capturedAt()));
                }
                if (creditLaterReplies) {
                    for (MessageKey reply : dao.repliesAnsweringOnly(m, staff.userId(), contact.contactId(), staffSent)) {
                        dao.addBonus(staff.userId(), contact.contactId(),
                                strength.score(Strength.RECIPROCITY_BONUS, reply.sentAt(), reply.capturedAt()));
                    }
                }
            }
        }
    }

    /** One party per staff member (or contact), the one with the strongest role: from, then To, then Cc. */
    private static Collection<PartyRow> strongestRoleOf(List<PartyRow> parties, Function<PartyRow, Long> identity) {
        Map<Long, PartyRow> out = new LinkedHashMap<>();
        for (PartyRow p : parties) {
            if (identity.apply(p) != null) {
                out.merge(identity.apply(p), p, (a, b) -> ROLES.indexOf(b.role()) < ROLES.indexOf(a.role()) ? b : a);
            }
        }
        return out.values();
    }
}
