package org.unsilo.relationships;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.unsilo.store.PartyRow;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.RelationshipWrites;

/**
 * Adds one message's contribution to the (staff, contact) pairs on it. Runs inside the capture's
 * transaction, and again for every message when relationships are rebuilt from scratch.
 */
public final class RelationshipUpdater {

    private final Strength strength;

    public RelationshipUpdater(Strength strength) {
        this.strength = strength;
    }

    /**
     * A newly captured message. Messages arrive in any order (a sync lists newest first), so besides this
     * message's own reciprocity bonus, later replies in the thread that only now have an earlier message
     * to answer get theirs: the result is what {@link #onMessageInRebuild} gives with all messages present.
     * {@code dao} writes on {@code handle}'s transaction: the capture writer's plain JDBC statements (attaching a DAO per
     * message cost ~4 % of a capture's CPU, and Jdbi's per-statement work about as much as SQLite itself).
     *
     * @param threadIsNew the message started its thread just now, so there is nothing in it to reply to or to be
     *                    answered by, and the two reciprocity queries per staff/contact pair are skipped
     */
    public void onMessage(Handle handle, RelationshipWrites dao, long messageId, String threadKey, boolean threadIsNew,
                          long sentAt, List<PartyRow> parties, long now) {
        apply(handle, dao, messageId, threadKey, sentAt, parties, now, !threadIsNew, true);
    }

    /** One message during a rebuild, when every message is stored already and each finds its own earlier ones. */
    public void onMessageInRebuild(Handle handle, RelationshipDao dao, long messageId, String threadKey, long sentAt,
                                   List<PartyRow> parties, long now) {
        apply(handle, RelationshipWrites.of(dao), messageId, threadKey, sentAt, parties, now, true, false);
    }

    private void apply(Handle handle, RelationshipWrites dao, long messageId, String threadKey, long sentAt,
                       List<PartyRow> parties, long now, boolean threadHasOthers, boolean creditLaterReplies) {
        PartyRow sender = parties.stream().filter(p -> p.role().equals("from")).findFirst().orElse(null);
        for (PartyRow staff : parties) {
            if (staff.userId() == null) {
                continue;
            }
            for (PartyRow contact : parties) {
                if (contact.contactId() == null) {
                    continue;
                }
                boolean staffSent = sender != null && sender == staff;
                boolean contactSent = sender != null && sender == contact;
                double weight = staffSent ? Strength.SENT_BY_STAFF
                        : staff.role().equals("to") ? Strength.STAFF_IN_TO : Strength.STAFF_IN_CC;
                dao.merge(staff.userId(), contact.contactId(), sentAt, sentAt, staffSent ? 1 : 0, contactSent ? 1 : 0, 1,
                        strength.score(weight, sentAt, now), now);
                if (!threadHasOthers || (!staffSent && !contactSent)) {
                    continue;
                }
                String writer = staffSent ? staff.address() : contact.address();
                String other = staffSent ? contact.address() : staff.address();
                if (isReplyToOtherSide(handle, messageId, threadKey, sentAt, other, writer)) {
                    dao.addBonus(staff.userId(), contact.contactId(), strength.score(Strength.RECIPROCITY_BONUS, sentAt, now));
                }
                if (creditLaterReplies) {
                    for (long replySentAt : repliesAnsweringOnlyThis(handle, messageId, threadKey, sentAt, writer, other)) {
                        dao.addBonus(staff.userId(), contact.contactId(),
                                strength.score(Strength.RECIPROCITY_BONUS, replySentAt, now));
                    }
                }
            }
        }
    }

    // Stored replies from the other side, at or after this message, that had no earlier message of ours
    // to answer until this one arrived: they earn their bonus now.
    private static List<Long> repliesAnsweringOnlyThis(Handle handle, long messageId, String threadKey, long sentAt,
                                                       String writer, String other) {
        return handle.createQuery("SELECT DISTINCT l.id, l.sent_at FROM message l"
                        + " JOIN message_party f ON f.message_id = l.id AND f.role = 'from' AND f.address = :other"
                        + " JOIN message_party r ON r.message_id = l.id AND r.role <> 'from' AND r.address = :writer"
                        + " WHERE l.thread_key = :thread AND l.id <> :id AND l.sent_at >= :sentAt"
                        + " AND NOT EXISTS (SELECT 1 FROM message e"
                        + "   JOIN message_party ef ON ef.message_id = e.id AND ef.role = 'from' AND ef.address = :writer"
                        + "   JOIN message_party er ON er.message_id = e.id AND er.role <> 'from' AND er.address = :other"
                        + "   WHERE e.thread_key = :thread AND e.id <> l.id AND e.id <> :id AND e.sent_at <= l.sent_at)")
                .bind("writer", writer)
                .bind("other", other)
                .bind("thread", threadKey)
                .bind("id", messageId)
                .bind("sentAt", sentAt)
                .map((rs, ctx) -> rs.getLong("sent_at"))
                .list();
    }

    // The other side wrote earlier in the same thread to the one writing now: a conversation both ways.
    private static boolean isReplyToOtherSide(Handle handle, long messageId, String threadKey, long sentAt,
                                              String earlierSender, String earlierRecipient) {
        return handle.createQuery("SELECT 1 FROM message m"
                        + " JOIN message_party f ON f.message_id = m.id AND f.role = 'from' AND f.address = :sender"
                        + " JOIN message_party r ON r.message_id = m.id AND r.role <> 'from' AND r.address = :recipient"
                        + " WHERE m.thread_key = :thread AND m.id <> :id AND m.sent_at <= :sentAt LIMIT 1")
                .bind("sender", earlierSender)
                .bind("recipient", earlierRecipient)
                .bind("thread", threadKey)
                .bind("id", messageId)
                .bind("sentAt", sentAt)
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }
}
