package org.unsilo.relationships;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.RelationshipRow;

/** Reads over relationships (cooling pairs) and the rebuild-from-scratch path. */
public final class RelationshipService {

    private static final long MIN_COOLING_GAP = TimeUnit.DAYS.toMillis(30);
    private static final long DAY = TimeUnit.DAYS.toMillis(1);
    // A pair needs mail on three different days to have a usual gap; three messages is the cheap first filter in SQL.
    private static final int MIN_DAYS_FOR_COOLING = 3;
    private static final int MIN_MESSAGES_FOR_COOLING = MIN_DAYS_FOR_COOLING;
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
     * Pairs that used to talk and have gone quiet: no interaction for longer than twice their usual gap
     * ({@link #medianGapDays}), and at least 30 days (DESIGN.md §6). "Strength was high" is the order: strongest first.
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
                    OptionalLong median = medianGapDays(times.get(List.of(r.userId(), r.contactId())));
                    if (median.isPresent() && now - r.lastAt() > Math.max(2 * median.getAsLong() * DAY, MIN_COOLING_GAP)
                            && out.size() < limit) {
                        out.add(new Cooling(r, median.getAsLong() * DAY));
                    }
                }
                if (batch.size() < COOLING_BATCH) {
                    break;
                }
            }
            return out;
        });
    }

    /**
     * The usual gap of a pair: the median gap, in whole days, between the distinct UTC days on which they exchanged
     * mail (of an even number of gaps, the larger middle one). None with fewer than {@value #MIN_DAYS_FOR_COOLING} such
     * days: a single message, or one afternoon's thread, is no habit that could be broken.
     */
    static OptionalLong medianGapDays(Collection<Long> sentTimes) {
        long[] days = sentTimes.stream().mapToLong(t -> Math.floorDiv(t, DAY)).distinct().sorted().toArray();
        if (days.length < MIN_DAYS_FOR_COOLING) {
            return OptionalLong.empty();
        }
        long[] gaps = new long[days.length - 1];
        for (int i = 1; i < days.length; i++) {
            gaps[i - 1] = days[i] - days[i - 1];
        }
        Arrays.sort(gaps);
        return OptionalLong.of(gaps[gaps.length / 2]);
    }

    /** Recomputes every relationship from the stored messages, in one transaction. Returns messages read. */
    public long rebuild() {
        return rebuild(RebuildProgress.NONE);
    }

    /** {@link #rebuild()}, telling {@code progress} how far it is. */
    public long rebuild(RebuildProgress progress) {
        long now = clock.millis();
        return db.write(h -> {
            updater.rebuild(h, now, progress);
            return h.attach(MessageDao.class).count();
        });
    }
}
