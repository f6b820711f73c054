package org.unsilo.relationships;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.MessageKey;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.RelationshipRow;

/** Reads over relationships (cooling pairs) and the rebuild-from-scratch path. */
public final class RelationshipService {

    private static final long MIN_COOLING_GAP = TimeUnit.DAYS.toMillis(30);
    private static final int MIN_MESSAGES_FOR_COOLING = 3;
    private static final int COOLING_BATCH = 200;

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
        return cooling(List.of(userId), Integer.MAX_VALUE);
    }

    /**
     * The strongest {@code limit} cooling pairs of these staff members, strongest first. Quiet pairs are read strongest
     * first, {@value #COOLING_BATCH} at a time (index relationship_score), with the send times of a batch in one
     * statement per staff member, until enough have proved to be cooling: the team's top 50 read a few hundred pairs,
     * not every quiet one with one statement each.
     */
    public List<Cooling> cooling(Collection<Long> userIds, int limit) {
        if (userIds.isEmpty() || limit <= 0) {
            return List.of();
        }
        long now = clock.millis();
        return db.read(h -> {
            RelationshipDao relationships = h.attach(RelationshipDao.class);
            MessageDao messages = h.attach(MessageDao.class);
            List<Cooling> out = new ArrayList<>();
            for (long offset = 0; out.size() < limit; offset += COOLING_BATCH) {
                List<RelationshipRow> batch = relationships.quietStrongestFirst(userIds, now - MIN_COOLING_GAP,
                        MIN_MESSAGES_FOR_COOLING, COOLING_BATCH, offset);
                Map<List<Long>, List<Long>> times = new HashMap<>();
                batch.forEach(r -> times.put(List.of(r.userId(), r.contactId()), new ArrayList<>()));
                Map<Long, List<Long>> contactsByUser = batch.stream().collect(Collectors.groupingBy(RelationshipRow::userId,
                        Collectors.mapping(RelationshipRow::contactId, Collectors.toList())));
                contactsByUser.forEach((user, contacts) -> messages.sentTimesWith(user, contacts)
                        .forEach(t -> times.get(List.of(t.userId(), t.contactId())).add(t.sentAt())));
                for (RelationshipRow r : batch) {
                    List<Long> sent = times.get(List.of(r.userId(), r.contactId()));
                    sent.sort(Long::compare);
                    long median = medianGap(sent);
                    if (median > 0 && now - r.lastAt() > Math.max(2 * median, MIN_COOLING_GAP) && out.size() < limit) {
                        out.add(new Cooling(r, median));
                    }
                }
                if (batch.size() < COOLING_BATCH) {
                    break;
                }
            }
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
            updater.replay(h, dao, all, m -> messages.parties(m.id()), now);
            return (long) all.size();
        });
    }
}
