package org.unsilo.relationships;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.MessageKey;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.RelationshipRow;

/** Reads over relationships (cooling pairs) and the rebuild-from-scratch path. */
public final class RelationshipService {

    private static final long MIN_COOLING_GAP = TimeUnit.DAYS.toMillis(30);
    private static final int MIN_MESSAGES_FOR_COOLING = 3;

    private final Database db;
    private final RelationshipUpdater updater;
    private final Clock clock;

    public RelationshipService(Database db, RelationshipUpdater updater, Clock clock) {
        this.db = db;
        this.updater = updater;
        this.clock = clock;
    }

    /** A relationship row with the typical gap between its interactions, when there are enough to tell. */
    public record Cooling(RelationshipRow relationship, long medianGapMillis) {
    }

    public List<RelationshipRow> ofUser(long userId, long afterContact, int limit) {
        return db.read(h -> h.attach(RelationshipDao.class).ofUser(userId, afterContact, limit));
    }

    /**
     * Pairs that used to talk and have gone quiet: no interaction for twice their median gap, and at
     * least 30 days (DESIGN.md §6).
     */
    public List<Cooling> cooling(long userId) {
        long now = clock.millis();
        return db.read(h -> {
            List<Cooling> out = new ArrayList<>();
            for (RelationshipRow r : h.attach(RelationshipDao.class).quietSince(userId, now - MIN_COOLING_GAP, MIN_MESSAGES_FOR_COOLING)) {
                List<Long> times = h.attach(MessageDao.class).sentTimesBetween(userId, r.contactId());
                long median = medianGap(times);
                if (median > 0 && now - r.lastAt() > Math.max(2 * median, MIN_COOLING_GAP)) {
                    out.add(new Cooling(r, median));
                }
            }
            out.sort((a, b) -> Double.compare(b.relationship().score(), a.relationship().score()));
            return out;
        });
    }

    static long medianGap(List<Long> sortedTimes) {
        if (sortedTimes.size() < 2) {
            return 0;
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < sortedTimes.size(); i++) {
            gaps.add(sortedTimes.get(i) - sortedTimes.get(i - 1));
        }
        gaps.sort(Long::compare);
        return gaps.get(gaps.size() / 2);
    }

    /** Recomputes every relationship from the stored messages, in one transaction. Returns messages read. */
    public long rebuild() {
        long now = clock.millis();
        return db.write(h -> {
            RelationshipDao dao = h.attach(RelationshipDao.class);
            dao.deleteAll();
            MessageDao messages = h.attach(MessageDao.class);
            List<MessageKey> all = messages.allInSentOrder();
            for (MessageKey m : all) {
                updater.onMessageInRebuild(h, dao, m.id(), m.threadKey(), m.sentAt(), messages.parties(m.id()), now);
            }
            return (long) all.size();
        });
    }
}
