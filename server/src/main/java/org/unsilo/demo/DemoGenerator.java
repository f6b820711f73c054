package org.unsilo.demo;

import java.text.Normalizer;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.unsilo.auth.UserService;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.Party;
import org.unsilo.relationships.Leavers;
import org.unsilo.store.ActivityRow;
import org.unsilo.store.ContactDao;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserRow;

/**
 * A realistic, deterministic demo data set (for {@code unsilo demo}, the web view's browser tests and benchmarks):
 * staff with aliases; organisations with plausible domains (some under co.uk or com.au, some mailing from a
 * {@code mail.} subdomain) and contacts at them, a share on free-mail; threads of messages between staff and
 * contacts over about two years, heavy-tailed per contact so that relationships range from strong to faint, with
 * some strong ones gone quiet months ago (cooling); a few people who write from two addresses, most under the same
 * name and some under a name variant (duplicates to review); private conversations, on personal or confidential
 * subjects that ordinary ones never have; copies of one message captured by two staff members; and activity
 * (captures, look-ups, sign-ins) with the staff's adoption ranging from daily use to none; and a colleague who has
 * just left, whose relationships wait to be handed over.
 *
 * <p>Everything goes through {@link CaptureService} (prepared in parallel, stored with {@link CaptureService#storeAll}
 * in large transactions, as imports do), so the capture rules, organisation inference, signature enrichment,
 * threading and relationship updates are the real ones. The same seed gives the same data on the same day: times are
 * laid out backwards from today.
 */
public final class DemoGenerator {

    /** How much to make. {@code contacts} counts contact records (a person with two addresses is two). */
    public record Options(int staff, int contacts, int messages, long seed) {

        public static final Options DEFAULT = new Options(20, 2_000, 20_000, 1);

        public Options {
            if (staff < 1 || staff > 10_000) {
                throw new IllegalArgumentException("staff must be 1 to 10000 (got " + staff + ")");
            }
            if (contacts < 1 || contacts > 5_000_000) {
                throw new IllegalArgumentException("contacts must be 1 to 5000000 (got " + contacts + ")");
            }
            if (messages < contacts || messages > 50_000_000) {
                throw new IllegalArgumentException("messages must be at least the number of contacts (every contact"
                        + " comes from a message) and at most 50000000 (got " + messages + ")");
            }
        }
    }

    /** What was made, and how fast. */
    public record Report(String adminEmail, int staff, int departed, int organizations, int contacts, int duplicatePeople, long messages, long copies,
                         long privateMessages, long activityRows, long millis) {

        public double messagesPerSecond() {
            return millis == 0 ? messages : messages * 1000.0 / millis;
        }
    }

    static final String COMPANY_DOMAIN = "unsilo-demo.com";
    private static final long DAY = TimeUnit.DAYS.toMillis(1);
    private static final long HOUR = TimeUnit.HOURS.toMillis(1);
    private static final int BATCH = 2_000;

    private final UserService users;
    private final CaptureService captures;
    private final Leavers leavers;
    private final Database db;
    private final Clock clock;

    public DemoGenerator(UserService users, CaptureService captures, Leavers leavers, Database db, Clock clock) {
        this.users = users;
        this.captures = captures;
        this.leavers = leavers;
        this.db = db;
        this.clock = clock;
    }

    private record Staff(long id, String name, String address, Capture.Source source, double adoption) {
    }

    private record Org(String name, String domain, String mailDomain, List<Integer> people) {
    }

    /** One address of a person, as it appears on mail. */
    private record Address(int person, String address, String name) {
    }

    private static final class Person {
        final String title;
        final int org;
        final List<Integer> addresses = new ArrayList<>();
        final int owner;
        final int[] colleagues;
        final double weight;
        final long start;
        final long end;
        boolean signed;

        Person(String title, int org, int owner, int[] colleagues, double weight, long start, long end) {
            this.title = title;
            this.org = org;
            this.owner = owner;
            this.colleagues = colleagues;
            this.weight = weight;
            this.start = start;
            this.end = end;
        }
    }

    /** The state of one run: the random source, the cast, and what has been produced. */
    private final class Run {
        final SplittableRandom rnd;
        final long now;
        final List<Staff> staff = new ArrayList<>();
        final List<Org> orgs = new ArrayList<>();
        final List<Person> people = new ArrayList<>();
        final List<Address> addresses = new ArrayList<>();
        final List<Capture> pending = new ArrayList<>();
        final String seedTag;
        double[] cumulative;
        long messageSeq;
        long stored;
        long copies;
        long privateMessages;
        long activity;
        int duplicates;
        final LongConsumer progress;

        Run(Options o, LongConsumer progress) {
            this.rnd = new SplittableRandom(o.seed());
            this.now = clock.instant().truncatedTo(ChronoUnit.DAYS).toEpochMilli();
            this.seedTag = Long.toString(o.seed(), 36);
            this.progress = progress;
        }

        <T> T pick(List<T> list) {
            return list.get(rnd.nextInt(list.size()));
        }
    }

    /** Makes the data set in an empty store (one without contacts or messages); throws if it is not empty. */
    public Report generate(Options options, LongConsumer progress) {
        long started = System.nanoTime();
        db.read(h -> {
            if (h.attach(ContactDao.class).count() > 0 || h.attach(MessageDao.class).count() > 0) {
                throw new IllegalStateException("the database already holds contacts or messages; demo data goes into an"
                        + " empty one");
            }
            return null;
        });
        Run run = new Run(options, progress);
        makeStaff(run, options.staff());
        makePeople(run, options.contacts());
        makeMessages(run, options.messages());
        makeUsageActivity(run);
        int departed = makeLeaver(run);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Report(run.staff.get(0).address(), run.staff.size(), departed, run.orgs.size(), run.addresses.size(), run.duplicates, run.stored,
                run.copies, run.privateMessages, run.activity, millis);
    }

    // ---- the cast

    private void makeStaff(Run run, int count) {
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String first = run.pick(Vocabulary.FIRST);
            String last = run.pick(Vocabulary.LAST);
            String local = unique(taken, slug(first) + "." + slug(last));
            String address = local + "@" + COMPANY_DOMAIN;
            // The first one administers the demo; adoption ranges from daily use to none at all.
            UserRow u = users.create(null, address, first + " " + last, i == 0 ? "admin" : "member");
            users.addAlias(u.id(), unique(taken, slug(first) + slug(last).charAt(0)) + "@" + COMPANY_DOMAIN);
            double adoption = i == 0 ? 0.95 : List.of(0.95, 0.8, 0.6, 0.35, 0.1, 0.0).get(run.rnd.nextInt(6));
            Capture.Source source = List.of(Capture.Source.OUTLOOK, Capture.Source.OUTLOOK, Capture.Source.GMAIL,
                    Capture.Source.GRAPH_SYNC).get(run.rnd.nextInt(4));
            run.staff.add(new Staff(u.id(), first + " " + last, address, source, adoption));
        }
    }

    private void makePeople(Run run, int contacts) {
        // About 1 in 60 people writes from a second address (at least 2 when there is room for them).
        int duplicates = contacts < 4 ? 0 : Math.max(2, contacts / 61);
        int persons = contacts - duplicates;
        int orgCount = Math.max(1, persons / 7);
        Set<String> domains = new HashSet<>();
        for (int i = 0; i < orgCount; i++) {
            run.orgs.add(makeOrg(run, domains));
        }
        Set<String> taken = new HashSet<>();
        double[] weights = new double[persons];
        for (int p = 0; p < persons; p++) {
            boolean freemail = run.rnd.nextInt(100) < 15;
            int org = freemail ? -1 : run.rnd.nextInt(orgCount);
            String first = run.pick(Vocabulary.FIRST);
            String last = run.pick(Vocabulary.LAST);
            int owner = run.rnd.nextInt(run.staff.size());
            int[] colleagues = new int[Math.min(run.staff.size() - 1, run.rnd.nextInt(3))];
            for (int c = 0; c < colleagues.length; c++) {
                colleagues[c] = (owner + 1 + run.rnd.nextInt(run.staff.size() - 1)) % run.staff.size();
            }
            // Heavy-tailed: most people get a message or two, a few get hundreds.
            double weight = Math.pow(1 - run.rnd.nextDouble(), -1.3);
            boolean cooling = weight > 3 && run.rnd.nextInt(100) < 25;
            long end = cooling ? run.now - (90 + run.rnd.nextInt(240)) * DAY : run.now - run.rnd.nextInt(20) * DAY;
            long start = Math.min(end - 30 * DAY, run.now - (60 + run.rnd.nextInt(670)) * DAY);
            Person person = new Person(run.pick(Vocabulary.TITLES), org, owner, colleagues, weight, start, end);
            run.people.add(person);
            weights[p] = weight;
            String domain = org < 0 ? run.pick(Vocabulary.FREEMAIL) : run.orgs.get(org).mailDomain();
            String local = org < 0 ? slug(first) + "." + slug(last) + (10 + run.rnd.nextInt(90))
                    : run.rnd.nextBoolean() ? slug(first) + "." + slug(last) : slug(first).charAt(0) + slug(last);
            addAddress(run, p, unique(taken, local + "@" + domain), first + " " + last);
            if (org >= 0) {
                run.orgs.get(org).people().add(p);
            }
        }
        // The duplicates: a second address at a free-mail provider or the same organisation, under the same name for
        // two in three (what the web view's duplicate review matches) and under a name variant for the rest.
        for (int d = 0; d < duplicates; d++) {
            int p = run.rnd.nextInt(persons);
            while (run.people.get(p).addresses.size() > 1) {
                p = (p + 1) % persons;
            }
            Person person = run.people.get(p);
            String name = run.addresses.get(person.addresses.get(0)).name();
            String variant = d % 3 == 2 ? nameVariant(name) : name;
            String[] parts = variant.split(" ", 2);
            String domain = person.org < 0 || run.rnd.nextBoolean() ? run.pick(Vocabulary.FREEMAIL)
                    : run.orgs.get(person.org).mailDomain();
            addAddress(run, p, unique(taken, slug(parts[0]) + "." + slug(parts[1]) + "@" + domain), variant);
        }
        run.duplicates = duplicates;
        run.cumulative = new double[persons];
        double sum = 0;
        for (int p = 0; p < persons; p++) {
            sum += weights[p];
            run.cumulative[p] = sum;
        }
    }

    private static void addAddress(Run run, int person, String address, String name) {
        run.people.get(person).addresses.add(run.addresses.size());
        run.addresses.add(new Address(person, address, name));
    }

    private static Org makeOrg(Run run, Set<String> domains) {
        String base = run.pick(Vocabulary.ORG_FIRST) + run.pick(Vocabulary.ORG_SECOND);
        String name = base + " " + run.pick(Vocabulary.ORG_KIND);
        String tld = run.pick(Vocabulary.TLDS);
        String label = run.rnd.nextBoolean() ? slug(base) : slug(name).replace(' ', '-');
        String domain = label + "." + tld;
        for (int n = 2; !domains.add(domain); n++) {
            domain = label + n + "." + tld;
        }
        // Some organisations send from a subdomain; capture must still file them under the registrable domain.
        String mail = run.rnd.nextInt(10) == 0 ? "mail." + domain : domain;
        return new Org(name, domain, mail, new ArrayList<>());
    }

    private static String nameVariant(String name) {
        String[] parts = name.split(" ", 2);
        for (List<String> pair : Vocabulary.NICKNAMES) {
            if (pair.get(0).equals(parts[0])) {
                return pair.get(1) + " " + parts[1];
            }
        }
        // Otherwise the initial, as many people sign on a second account.
        return parts[0].charAt(0) + ". " + parts[1];
    }

    // ---- the mail

    private void makeMessages(Run run, int total) {
        int persons = run.cumulative.length;
        // Every address comes from at least one thread, so that every contact exists.
        for (int a = 0; a < run.addresses.size(); a++) {
            thread(run, run.addresses.get(a).person(), a, 1);
        }
        long left = total - run.addresses.size();
        double sum = run.cumulative[persons - 1];
        while (left > 0) {
            double x = run.rnd.nextDouble() * sum;
            int p = java.util.Arrays.binarySearch(run.cumulative, x);
            p = Math.min(persons - 1, p < 0 ? -p - 1 : p);
            int length = (int) Math.min(left, 1 + run.rnd.nextInt(4));
            Person person = run.people.get(p);
            int address = person.addresses.get(person.addresses.size() > 1 && run.rnd.nextInt(4) == 0 ? 1 : 0);
            thread(run, p, address, length);
            left -= length;
        }
        flush(run);
    }

    /** A thread of {@code length} messages between a person (on one address) and a staff member, replies alternating. */
    private void thread(Run run, int p, int addressIndex, int length) {
        Person person = run.people.get(p);
        Address address = run.addresses.get(addressIndex);
        int s = person.colleagues.length == 0 || run.rnd.nextInt(10) < 7 ? person.owner
                : person.colleagues[run.rnd.nextInt(person.colleagues.length)];
        Staff staff = run.staff.get(s);
        Staff cc = run.staff.size() > 1 && run.rnd.nextInt(6) == 0
                ? run.staff.get((s + 1 + run.rnd.nextInt(run.staff.size() - 1)) % run.staff.size()) : null;
        Address colleague = null;
        if (person.org >= 0 && run.rnd.nextInt(8) == 0) {
            List<Integer> others = run.orgs.get(person.org).people();
            int other = others.get(run.rnd.nextInt(others.size()));
            if (other != p) {
                colleague = run.addresses.get(run.people.get(other).addresses.get(0));
            }
        }
        boolean markPrivate = run.rnd.nextInt(40) == 0;
        String orgName = person.org < 0 ? "you" : run.orgs.get(person.org).name();
        String topic = run.pick(markPrivate ? Vocabulary.PRIVATE_TOPICS : Vocabulary.TOPICS).replace("{org}", orgName);
        long at = person.start + (long) (run.rnd.nextDouble() * Math.max(DAY, person.end - person.start));
        boolean staffWrites = run.rnd.nextBoolean();
        String previous = null;
        List<String> references = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            // A thread running into today is answered within the last hours.
            at = Math.min(at, run.now - 1 - (long) (run.rnd.nextDouble() * 12 * HOUR));
            String messageId = "<demo-" + run.seedTag + "-" + (++run.messageSeq) + "@" + COMPANY_DOMAIN + ">";
            Party staffParty = Party.of(staff.address(), staff.name());
            Party personParty = Party.of(address.address(), address.name());
            List<Party> ccs = new ArrayList<>();
            if (cc != null) {
                ccs.add(Party.of(cc.address(), cc.name()));
            }
            if (colleague != null) {
                ccs.add(Party.of(colleague.address(), colleague.name()));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (previous != null) {
                headers.put("In-Reply-To", previous);
                headers.put("References", String.join(" ", references));
            }
            String body = body(run, person, address, staffWrites ? staff.name() : address.name(), !staffWrites, run.messageSeq);
            Capture capture = new Capture(staff.source(), staff.id(), messageId, null, null, (i == 0 ? "" : "Re: ") + topic,
                    Instant.ofEpochMilli(at), staffWrites ? staffParty : personParty,
                    List.of(staffWrites ? personParty : staffParty), ccs, body, null, headers, markPrivate);
            run.pending.add(capture);
            if (markPrivate) {
                run.privateMessages++;
            }
            // The colleague in Cc has the same mail in their mailbox, and sometimes captures it too: one message, two copies.
            if (cc != null && !markPrivate && run.rnd.nextBoolean()) {
                run.pending.add(new Capture(cc.source(), cc.id(), messageId, null, null, capture.subject(), capture.sentAt(),
                        capture.from(), capture.to(), capture.cc(), body, null, headers, false));
                run.copies++;
            }
            if (run.pending.size() >= BATCH) {
                flush(run);
            }
            previous = messageId;
            references.add(messageId);
            staffWrites = !staffWrites;
            at += HOUR + (long) (run.rnd.nextDouble() * 4 * DAY);
        }
    }

    private static String body(Run run, Person person, Address address, String signer, boolean fromContact, long seq) {
        StringBuilder b = new StringBuilder();
        b.append("Hello,\n\n").append(run.pick(Vocabulary.SENTENCES)).append(' ').append(run.pick(Vocabulary.SENTENCES))
                .append("\nOur reference: ").append(run.seedTag).append('-').append(seq).append("\n\n")
                .append(run.pick(Vocabulary.CLOSINGS)).append('\n').append(signer).append('\n');
        // A contact's first mail carries a full signature: capture fills in the title and phone from it.
        if (fromContact && !person.signed) {
            person.signed = true;
            b.append(person.title).append('\n');
            if (person.org >= 0) {
                b.append(run.orgs.get(person.org).name()).append('\n');
            }
            b.append("Tel: +44 20 7946 0").append(String.format(Locale.ROOT, "%03d", run.rnd.nextInt(1000))).append('\n');
        }
        return b.toString();
    }

    /** Prepares the pending captures in parallel and stores them in one transaction, with their capture activity. */
    private void flush(Run run) {
        if (run.pending.isEmpty()) {
            return;
        }
        List<CaptureService.Prepared> prepared = run.pending.parallelStream().map(captures::prepare).toList();
        run.pending.clear();
        long now = clock.millis();
        captures.storeAll(prepared, (handle, attempts) -> {
            List<ActivityRow> rows = new ArrayList<>();
            for (CaptureService.Attempt a : attempts) {
                if (a.result().created()) {
                    run.stored++;
                }
                Capture c = a.capture();
                if (c.source() == Capture.Source.OUTLOOK || c.source() == Capture.Source.GMAIL) {
                    long at = Math.min(now, c.sentAt().toEpochMilli() + (long) (run.rnd.nextDouble() * 2 * HOUR));
                    rows.add(new ActivityRow(c.capturedBy(), "capture", a.result().message().id(), c.source().wireName(), at));
                }
            }
            if (!rows.isEmpty()) {
                handle.attach(SupportDao.class).recordActivity(rows);
                run.activity += rows.size();
            }
        });
        run.progress.accept(run.stored);
    }

    // ---- use of the product

    /** Sign-ins and look-ups on workdays of the last half year, as often as each staff member's adoption says. */
    private void makeUsageActivity(Run run) {
        List<ActivityRow> rows = new ArrayList<>();
        long firstDay = run.now - 182 * DAY;
        for (Staff s : run.staff) {
            for (long day = firstDay; day < run.now; day += DAY) {
                DayOfWeek dow = Instant.ofEpochMilli(day).atZone(ZoneOffset.UTC).getDayOfWeek();
                if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY || run.rnd.nextDouble() >= s.adoption()) {
                    continue;
                }
                long start = day + 8 * HOUR + (long) (run.rnd.nextDouble() * 2 * HOUR);
                rows.add(new ActivityRow(s.id(), "login", null, "web", start));
                int lookups = 1 + run.rnd.nextInt(12);
                for (int i = 0; i < lookups; i++) {
                    rows.add(new ActivityRow(s.id(), "lookup", null, Integer.toString(1 + run.rnd.nextInt(4)),
                            start + (long) (run.rnd.nextDouble() * 9 * HOUR)));
                }
            }
        }
        db.write(h -> {
            h.attach(SupportDao.class).recordActivity(rows);
            return null;
        });
        run.activity += rows.size();
    }

    /**
     * With three or more staff, the last one left today (marked departed by the admin, nothing handed over yet): the
     * leavers page has relationships to hand over, and "who knows whom" shows who has left.
     */
    private int makeLeaver(Run run) {
        if (run.staff.size() < 3) {
            return 0;
        }
        leavers.depart(run.staff.get(0).id(), run.staff.get(run.staff.size() - 1).id());
        return 1;
    }

    // ---- spelling

    private static String unique(Set<String> taken, String candidate) {
        String c = candidate;
        int at = candidate.indexOf('@');
        for (int n = 2; !taken.add(c); n++) {
            c = at < 0 ? candidate + n : candidate.substring(0, at) + n + candidate.substring(at);
        }
        return c;
    }

    private static String slug(String s) {
        String ascii = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").strip().replace(' ', '-');
    }
}
