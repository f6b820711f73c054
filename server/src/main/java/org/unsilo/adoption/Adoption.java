package org.unsilo.adoption;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unsilo.store.AdoptionDao;
import org.unsilo.store.CountRow;
import org.unsilo.store.Database;
import org.unsilo.store.FollowUpRow;
import org.unsilo.store.UsageRow;

/**
 * The numbers a CRM manager watches to know whether the system is used (DESIGN.md §6): active users per day and
 * per week, captures and add-in lookups per week, contacts touched recently, stale records and unanswered mail.
 * Every figure is one grouped statement over an indexed time range; days and weeks are UTC, weeks start on Monday.
 */
public final class Adoption {

    static final long DAY = Duration.ofDays(1).toMillis();
    static final long WEEK = Duration.ofDays(7).toMillis();
    // The epoch fell on a Thursday: shifting by three days makes week buckets start on Mondays.
    static final long MONDAY_OFFSET = 3 * DAY;
    public static final int STALE_DAYS = 90;
    public static final int TOUCHED_DAYS = 30;

    private final Database db;
    private final Clock clock;

    public Adoption(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A labelled value in a series (one day or one week). */
    public record Point(String label, long value) {
    }

    /** One user's weekly series. */
    public record UserSeries(long userId, List<Point> points) {
    }

    /**
     * The figures of a period. Weekly series cover whole weeks (the first may start before the period); {@code usage}
     * (per staff member with any activity) covers exactly the period's days. {@code contactsTouched30d} is a share of
     * {@code touchedBase}: every contact for everyone, the contacts a staff member has exchanged mail with for one.
     */
    public record Report(int days, long userId, List<Point> activeUsersPerDay, List<Point> activeUsersPerWeek,
                         List<Point> capturesPerWeek, List<Point> lookupsPerWeek, Map<Long, UsageRow> usage,
                         long contacts, long contactsUpdated30d, long contactsTouched30d, long touchedBase, long staleContacts) {

        /** The share of {@code touchedBase} in touch in the last 30 days, in whole percent (0 when there is none). */
        public long touchedPercent() {
            return touchedBase == 0 ? 0 : Math.round(100.0 * contactsTouched30d / touchedBase);
        }

        /** A number of active days in this period as days per week (the period is a whole number of days). */
        public double perWeek(long activeDays) {
            return activeDays * 7.0 / days;
        }
    }

    /** The figures over the last {@code days} days, for everyone ({@code userId} 0) or one user. */
    public Report report(int days, long userId) {
        long now = clock.millis();
        long from = startOfDay(now - (days - 1L) * DAY);
        long weekFrom = startOfWeek(from);
        return db.read(h -> {
            AdoptionDao dao = h.attach(AdoptionDao.class);
            List<Point> perDay = fill(dao.activeUsers(from, DAY, 0, userId), from, now, DAY, 0);
            List<Point> perWeek = fill(dao.activeUsers(weekFrom, WEEK, MONDAY_OFFSET, userId), weekFrom, now, WEEK, MONDAY_OFFSET);
            List<Point> capturesPerWeek = fill(sumByBucket(dao.eventsPerUser("capture", weekFrom, WEEK, MONDAY_OFFSET, userId)),
                    weekFrom, now, WEEK, MONDAY_OFFSET);
            List<Point> lookupsPerWeek = fill(sumByBucket(dao.eventsPerUser("lookup", weekFrom, WEEK, MONDAY_OFFSET, userId)),
                    weekFrom, now, WEEK, MONDAY_OFFSET);
            // From the period's first day, not its first week's Monday: "in this period" means these days only.
            Map<Long, UsageRow> usage = new LinkedHashMap<>();
            dao.usagePerUser(from, DAY, userId).forEach(u -> usage.put(u.userId(), u));
            long contacts = dao.contacts();
            return new Report(days, userId, perDay, perWeek, capturesPerWeek, lookupsPerWeek, usage, contacts,
                    dao.contactsUpdatedSince(now - TOUCHED_DAYS * DAY), dao.contactsTouchedSince(now - TOUCHED_DAYS * DAY, userId),
                    userId == 0 ? contacts : dao.contactsOf(userId), dao.staleContacts(now - STALE_DAYS * DAY));
        });
    }

    /** Contacts who wrote last and have waited more than {@code days} days (up to a year) for an answer. */
    public List<FollowUpRow> followUpGaps(int days, long userId, int limit) {
        long now = clock.millis();
        return db.read(h -> h.attach(AdoptionDao.class).followUpGaps(now - days * DAY, now - 365 * DAY, userId, limit));
    }

    private static List<CountRow> sumByBucket(List<CountRow> rows) {
        Map<Long, Long> sums = new LinkedHashMap<>();
        rows.forEach(r -> sums.merge(r.bucket(), r.count(), Long::sum));
        List<CountRow> out = new ArrayList<>();
        sums.forEach((bucket, count) -> out.add(new CountRow(bucket, 0, count)));
        return out;
    }

    /** Every bucket from {@code from} to {@code now}, zero where nothing happened, labelled by its first day. */
    private static List<Point> fill(List<CountRow> rows, long from, long now, long size, long offset) {
        Map<Long, Long> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.put(r.bucket(), r.count()));
        List<Point> out = new ArrayList<>();
        for (long b = (from + offset) / size; b <= (now + offset) / size; b++) {
            LocalDate first = Instant.ofEpochMilli(b * size - offset).atZone(ZoneOffset.UTC).toLocalDate();
            out.add(new Point(first.toString(), counts.getOrDefault(b, 0L)));
        }
        return out;
    }

    private static long startOfDay(long t) {
        return Math.floorDiv(t, DAY) * DAY;
    }

    private static long startOfWeek(long t) {
        return Math.floorDiv(t + MONDAY_OFFSET, WEEK) * WEEK - MONDAY_OFFSET;
    }
}
