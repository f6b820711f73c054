package org.unsilo.relationships;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.unsilo.store.PartyRow;
import org.unsilo.store.RelationshipDao;

/**
 * Adds one message's contribution to the (staff, contact) pairs on it. Runs inside the capture's
 * transaction, and again for every message when relationships are rebuilt from scratch.
 */
public final class RelationshipUpdater {

    private final Strength strength;

    public RelationshipUpdater(Strength strength) {
        this.strength = strength;
    }

    public void onMessage(Handle handle, long messageId, String threadKey, long sentAt, List<PartyRow> parties, long now) {
        onMessage(handle, handle.attach(RelationshipDao.class), messageId, threadKey, sentAt, parties, now);
    }

    /** As above, with a DAO the caller attached once for its whole transaction (attaching costs more than a query). */
    public void onMessage(Handle handle, RelationshipDao dao, long messageId, String threadKey, long sentAt,
                          List<PartyRow> parties, long now) {
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
                if ((staffSent || contactSent) && isReplyToOtherSide(handle, messageId, threadKey, sentAt,
                        staffSent ? contact.address() : staff.address(), staffSent ? staff.address() : contact.address())) {
                    dao.addBonus(staff.userId(), contact.contactId(), strength.score(Strength.RECIPROCITY_BONUS, sentAt, now));
                }
            }
        }
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
