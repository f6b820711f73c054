package org.unsilo.relationships;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.unsilo.store.MessageKey;
import org.unsilo.store.PartyRow;
import org.unsilo.store.RelationshipRow;
import org.unsilo.store.ReplayedParty;

/**
 * Replays stored messages in memory, oldest first, into one row per (staff member, contact) pair: the figures the
 * per-message statements of a capture ({@link RelationshipUpdater#onMessage}) add up, with nothing written until the
 * end. Every message the earlier-reply check could find for a pair has the pair's staff member and contact on it, so the
 * replayed messages hold all it takes to judge the reciprocity bonus; each pair's score is added up in the order the statements would add it (each
 * message's weight, then its bonus, message by message), so the floating-point sum is the same to the last bit.
 */
final class Replay implements Consumer<ReplayedParty> {

    /** The messages sent in the same millisecond, not yet counted, each with its parties. */
    private final List<Message> sameTime = new ArrayList<>();
    /** Who wrote to whom in each thread: the first message, and whether there is another. */
    private final Map<Written, Writers> written = new HashMap<>();
    /** One copy of each thread key: a rebuild keeps the writers of every thread, and the driver reads a copy per row. */
    private final Map<String, String> threadKeys = new HashMap<>();
    private final Map<Pair, Totals> totals = new LinkedHashMap<>();
    private final Strength strength;

    Replay(Strength strength) {
        this.strength = strength;
    }

    private record Message(MessageKey key, List<PartyRow> parties) {
    }

    /** A staff member wrote to a contact in a thread ({@code staffWrote}), or the contact to the staff member. */
    private record Written(String threadKey, long userId, long contactId, boolean staffWrote) {
    }

    private static final class Writers {
        final long firstId;
        boolean more;

        Writers(long firstId) {
            this.firstId = firstId;
        }
    }

    private record Pair(long userId, long contactId) {
    }

    private static final class Totals {
        long firstAt = Long.MAX_VALUE;
        long lastAt = Long.MIN_VALUE;
        int sent;
        int received;
        int messages;
        double score;
    }

    /** The next party, in the order {@code RelationshipDao.REPLAY} gives them. */
    @Override
    public void accept(ReplayedParty row) {
        Message last = sameTime.isEmpty() ? null : sameTime.get(sameTime.size() - 1);
        if (last == null || last.key().id() != row.messageId()) {
            if (last != null && last.key().sentAt() != row.sentAt()) {
                countSameTime();
            }
            last = new Message(new MessageKey(row.messageId(), threadKeys.computeIfAbsent(row.threadKey(), k -> k),
                    row.sentAt(), row.capturedAt()), new ArrayList<>());
            sameTime.add(last);
        }
        last.parties().add(row.party());
    }

    /** One row per pair, once every party was given. */
    Collection<RelationshipRow> totals() {
        countSameTime();
        return totals.entrySet().stream().map(e -> new RelationshipRow(e.getKey().userId(), e.getKey().contactId(),
                e.getValue().firstAt, e.getValue().lastAt, e.getValue().sent, e.getValue().received, e.getValue().messages,
                e.getValue().score)).toList();
    }

    /**
     * The earlier-reply check ({@code RelationshipDao.EARLIER_FROM_CONTACT}) finds another message of the thread sent
     * at or before this one, in the same millisecond too, whichever is stored first: so all messages of a millisecond
     * are known as writers before any of them is counted.
     */
    private void countSameTime() {
        sameTime.forEach(this::addWriters);
        sameTime.forEach(this::count);
        sameTime.clear();
    }

    /**
     * As {@code RelationshipDao.written} matches them: any address of the staff member or contact in From, and any
     * of the other's in To or Cc, whatever their strongest role.
     */
    private void addWriters(Message m) {
        for (PartyRow from : m.parties()) {
            if (!from.role().equals("from")) {
                continue;
            }
            for (PartyRow to : m.parties()) {
                if (to.role().equals("from")) {
                    continue;
                }
                if (from.userId() != null && to.contactId() != null) {
                    addWriter(new Written(m.key().threadKey(), from.userId(), to.contactId(), true), m.key().id());
                }
                if (from.contactId() != null && to.userId() != null) {
                    addWriter(new Written(m.key().threadKey(), to.userId(), from.contactId(), false), m.key().id());
                }
            }
        }
    }

    private void addWriter(Written w, long messageId) {
        Writers writers = written.get(w);
        if (writers == null) {
            written.put(w, new Writers(messageId));
        } else if (writers.firstId != messageId) {
            writers.more = true;
        }
    }

    /** What {@link RelationshipUpdater}'s statements add for a message, in their order. */
    private void count(Message m) {
        MessageKey key = m.key();
        for (PartyRow staff : RelationshipUpdater.strongestRoleOf(m.parties(), PartyRow::userId)) {
            for (PartyRow contact : RelationshipUpdater.strongestRoleOf(m.parties(), PartyRow::contactId)) {
                boolean staffSent = staff.role().equals("from");
                boolean contactSent = contact.role().equals("from");
                Totals t = totals.computeIfAbsent(new Pair(staff.userId(), contact.contactId()), p -> new Totals());
                t.firstAt = Math.min(t.firstAt, key.sentAt());
                t.lastAt = Math.max(t.lastAt, key.sentAt());
                t.sent += staffSent ? 1 : 0;
                t.received += contactSent ? 1 : 0;
                t.messages++;
                t.score += strength.score(RelationshipUpdater.weight(staff), key.sentAt(), key.capturedAt());
                if ((staffSent || contactSent) && answersEarlier(key, staff.userId(), contact.contactId(), staffSent)) {
                    t.score += strength.score(Strength.RECIPROCITY_BONUS, key.sentAt(), key.capturedAt());
                }
            }
        }
    }

    /**
     * {@code RelationshipDao.EARLIER_FROM_CONTACT} (or _FROM_STAFF): the other side wrote to the writer in another message
     * of the thread so far.
     */
    private boolean answersEarlier(MessageKey m, long userId, long contactId, boolean staffWrote) {
        Writers other = written.get(new Written(m.threadKey(), userId, contactId, !staffWrote));
        return other != null && (other.more || other.firstId != m.id());
    }
}
