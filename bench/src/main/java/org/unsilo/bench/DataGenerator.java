package org.unsilo.bench;

import com.google.common.hash.Hashing;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.unsilo.capture.FreemailDomains;
import org.unsilo.capture.MessageText;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.common.NameKey;
import org.unsilo.relationships.Strength;
import org.unsilo.store.Database;

/**
 * Fills a fresh SQLite database with a realistic CRM: staff, organisations with domains, contacts with one or
 * two addresses, and threads of messages with 2–5 parties each, plus copies and relationships — the rows
 * {@code CaptureService} would have written had every message been captured (same fingerprints, thread keys,
 * participant hashes, party resolution and relationship scores as {@code RelationshipService.rebuild()}).
 *
 * <p>The schema comes from the real Flyway migrations ({@link Database#open}); the rows go in through batched
 * JDBC in one big transaction with journaling off, then {@code ANALYZE} and back to WAL. The result is cached
 * beside a {@code .properties} file and reused while the sizes and {@link #VERSION} match.
 */
public final class DataGenerator {

    /** Bump when the generated data changes shape, so cached databases are rebuilt. */
    static final int VERSION = 3; // 2: message_party.sent_at (migration V6); 3: addresses of unlinked parties only (V36)
    static final String STAFF_DOMAIN = "northwind-energy.com";
    static final long DEFAULT_SEED = 20_261_126L;

    private static final Duration HALF_LIFE = Duration.ofDays(90); // the server's default (UNSILO_STRENGTH_HALF_LIFE_DAYS)
    private static final long DAY = Duration.ofDays(1).toMillis();

    public record Sizes(int contacts, int messages, int staff) {
        int organizations() {
            return Math.max(10, contacts / 12);
        }
    }

    /** What was generated (or found in the cache). */
    public record Summary(Path file, Map<String, Long> counts, long seconds, boolean reused, long endMillis) {
        String describe() {
            StringBuilder sb = new StringBuilder();
            counts.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%,d", v)));
            return sb.toString();
        }
    }

    static final String[] FIRST = ("Anna Ben Carla David Elena Frank Grace Henry Irene Jack Karen Liam Maria Noah Olivia Peter"
            + " Quinn Rosa Samuel Tara Umar Vera William Xenia Yusuf Zoe Adam Beatriz Chen Dmitri Esther Farid Greta Hiro"
            + " Ingrid Jonas Kofi Lucia Mateo Nadia Oscar Priya Rafael Sofia Tomas Ulrike Victor Wen Yara Zeno Aisha Bruno"
            + " Claire Diego Emma Felix Hannah Ivan Julia Kai Lena Marco Nina").split(" ");
    static final String[] LAST = ("Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker"
            + " White Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose Davis Rodriguez"
            + " Cox Alexander Garcia Martin Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Dubois"
            + " Durand Lefebvre Moreau Laurent Simon Michel Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino"
            + " Greco Bruno Gallo Conti Tanaka Suzuki Sato Kim Lee Park Nguyen Tran Silva Santos Oliveira Costa Pereira Novak"
            + " Horvat Kowalski Nowak Jensen Hansen Nielsen Larsen Berg").split(" ");
    static final String[] ORG_A = ("alpine blue coral delta eagle falcon granite harbor iron jade keystone lunar meridian"
            + " north oak pacific quartz river summit tidal union vertex willow apex beacon cedar crest dune ember fjord"
            + " glacier horizon island juniper kestrel lake maple nova orbit pine").split(" ");
    static final String[] ORG_B = ("energy power gas trading capital logistics shipping partners holdings resources"
            + " utilities renewables solar wind petroleum chemicals metals mining grid analytics consulting legal"
            + " insurance bank finance engineering systems").split(" ");
    static final String[] TLD = {"com", "com", "com", "com", "com", "com", "co.uk", "de", "net", "fr", "io", "com.au"};
    static final String[] FREEMAIL = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com",
            "icloud.com", "gmx.de"};
    static final String[] TOPICS = {"Gas supply contract", "Q3 forecast", "Pipeline capacity", "Invoice query", "Meeting next week",
            "Draft term sheet", "Site visit", "Hedging strategy", "Credit limit review", "Board pack", "Transport nomination",
            "Storage agreement", "Master netting agreement", "Price curve update", "Regulatory filing", "Weekly position report",
            "Deal confirmation", "Power purchase agreement", "Trade capture issue", "Conference dinner", "Year-end close",
            "Counterparty onboarding", "Maintenance schedule", "Budget 2027", "NDA"};
    static final String[] PHRASES = {"following up on our call", "please find the numbers below", "can we move this to Tuesday",
            "thanks for the quick turnaround", "the revised draft is ready", "I have looped in legal", "see my comments inline",
            "we are fine with the proposed terms", "could you confirm the volumes", "let me check with the desk",
            "attached is the updated schedule", "happy to discuss tomorrow", "the counterparty has signed",
            "we need this before Friday", "I will send the final version tonight"};

    private final Sizes sizes;
    private final long seed;
    private final PrintStream log;
    private final OrganizationInference inference = new OrganizationInference(FreemailDomains.builtIn());

    public DataGenerator(Sizes sizes, long seed, PrintStream log) {
        this.sizes = sizes;
        this.seed = seed;
        this.log = log;
    }

    // ---- cache -------------------------------------------------------------------------------------------

    /** The cached database for these sizes, generated first if it is missing or was made by another version. */
    public Summary ensure(Path dir) throws Exception {
        Files.createDirectories(dir);
        String name = "unsilo-" + sizes.contacts() + "c-" + sizes.messages() + "m";
        Path db = dir.resolve(name + ".db");
        Path meta = dir.resolve(name + ".properties");
        if (Files.isRegularFile(db) && Files.isRegularFile(meta)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(meta)) {
                p.load(r);
            }
            boolean same = Integer.toString(VERSION).equals(p.getProperty("version"))
                    && Long.toString(seed).equals(p.getProperty("seed"))
                    && Integer.toString(sizes.staff()).equals(p.getProperty("staff"));
            // A file migrated by another build (a probe's migration since removed) no longer has this build's schema.
            if (same && unknownMigrations(db) > 0) {
                log.println("Cached database " + db + " has migrations this build does not have");
                same = false;
            }
            if (same) {
                Map<String, Long> counts = counts(db);
                if (counts.get("contacts") == sizes.contacts() && counts.get("messages") == sizes.messages()) {
                    log.println("Reusing cached database " + db + " (" + counts.get("contacts") + " contacts, "
                            + counts.get("messages") + " messages)");
                    // Migrations newer than the file (index changes) apply to the cached copy once, so that the server
                    // and the raw JDBC baseline, each on a copy of it, always write the same schema.
                    Database.open("jdbc:sqlite:" + db).close();
                    return new Summary(db, counts, Long.parseLong(p.getProperty("seconds", "0")), true,
                            Long.parseLong(p.getProperty("end")));
                }
            }
            log.println("Cached database " + db + " does not match; generating it again");
        }
        Files.deleteIfExists(meta);
        Summary s = generate(db);
        Properties p = new Properties();
        p.setProperty("version", Integer.toString(VERSION));
        p.setProperty("seed", Long.toString(seed));
        p.setProperty("staff", Integer.toString(sizes.staff()));
        p.setProperty("contacts", Integer.toString(sizes.contacts()));
        p.setProperty("messages", Integer.toString(sizes.messages()));
        p.setProperty("seconds", Long.toString(s.seconds()));
        p.setProperty("end", Long.toString(s.endMillis()));
        try (Writer w = Files.newBufferedWriter(meta)) {
            p.store(w, "bench data generator");
        }
        return s;
    }

    private static long unknownMigrations(Path db) {
        return java.util.Arrays.stream(Flyway.configure().dataSource("jdbc:sqlite:" + db, null, null)
                        .locations("classpath:db/migration/sqlite").load().info().all())
                .filter(m -> m.getState().isApplied() && !m.getState().isResolved())
                .count();
    }

    static Map<String, Long> counts(Path db) throws SQLException, java.io.IOException {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            String[][] q = {{"staff", "app_user"}, {"organizations", "organization"}, {"contacts", "contact"},
                    {"contact addresses", "contact_email"}, {"messages", "message"}, {"message copies", "message_copy"},
                    {"message parties", "message_party"}, {"relationships", "relationship"}};
            for (String[] t : q) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t[1])) {
                    rs.next();
                    out.put(t[0], rs.getLong(1));
                }
            }
        }
        out.put("file MB", Files.size(db) / (1024 * 1024));
        return out;
    }

    // ---- generation --------------------------------------------------------------------------------------

    private record Person(String address, String name) {
    }

    /** One party of a generated message; exactly one of userIdx/contactIdx is set. */
    private record P(String address, String name, int userIdx, int contactIdx) {
        boolean staff() {
            return userIdx >= 0;
        }
    }

    private static final class Rel {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int sent;
        int received;
        int count;
        double score;
    }

    public Summary generate(Path db) throws Exception {
        long t0 = System.nanoTime();
        Files.deleteIfExists(db);
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.deleteIfExists(Path.of(db + "-shm"));
        String url = "jdbc:sqlite:" + db.toAbsolutePath();
        // The real migrations make the schema.
        Database.open(url).close();

        long end = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toEpochMilli();
        long start = end - 3 * 365 * DAY;
        long now = Instant.now().toEpochMilli();
        Strength strength = new Strength(HALF_LIFE);
        SplittableRandom rnd = new SplittableRandom(seed);

        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=OFF");
                st.execute("PRAGMA synchronous=OFF");
                st.execute("PRAGMA foreign_keys=OFF");
                st.execute("PRAGMA cache_size=-2000000");
                st.execute("PRAGMA temp_store=MEMORY");
            }
            c.setAutoCommit(false);

            // Staff
            int nStaff = sizes.staff();
            String[] staffAddr = new String[nStaff];
            String[] staffName = new String[nStaff];
            try (PreparedStatement u = c.prepareStatement(
                    "INSERT INTO app_user (id, email, display_name, role, status, created_at, sort_name)"
                            + " VALUES (?, ?, ?, ?, 'active', ?, ?)");
                 PreparedStatement ue = c.prepareStatement("INSERT INTO user_email (address, user_id, created_at) VALUES (?, ?, ?)")) {
                Set<String> used = new HashSet<>();
                for (int i = 0; i < nStaff; i++) {
                    String first = FIRST[(i * 7) % FIRST.length];
                    String last = LAST[(i * 13 + 5) % LAST.length];
                    String addr = unique(used, (first + "." + last).toLowerCase(), STAFF_DOMAIN);
                    staffAddr[i] = addr;
                    staffName[i] = first + " " + last;
                    u.setLong(1, i + 1);
                    u.setString(2, addr);
                    u.setString(3, staffName[i]);
                    u.setString(4, i == 0 ? "admin" : "member");
                    u.setLong(5, start - 400 * DAY);
                    u.setString(6, NameKey.of(staffName[i]));
                    u.addBatch();
                    ue.setString(1, addr);
                    ue.setLong(2, i + 1);
                    ue.setLong(3, start - 400 * DAY);
                    ue.addBatch();
                }
                u.executeBatch();
                ue.executeBatch();
            }

            // Organisations
            int nOrgs = sizes.organizations();
            String[] orgDomain = new String[nOrgs];
            try (PreparedStatement o = c.prepareStatement("INSERT INTO organization (id, name, domain, created_by, created_at,"
                    + " updated_at, sort_name) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Set<String> used = new HashSet<>();
                for (int i = 0; i < nOrgs; i++) {
                    String d;
                    int attempt = 0;
                    do {
                        String base = ORG_A[rnd.nextInt(ORG_A.length)] + "-" + ORG_B[rnd.nextInt(ORG_B.length)]
                                + (attempt++ > 2 || rnd.nextInt(3) == 0 ? Integer.toString(rnd.nextInt(1000)) : "");
                        d = base + "." + TLD[rnd.nextInt(TLD.length)];
                    } while (!used.add(d) || !inference.organizationDomain(d).map(d::equals).orElse(false));
                    orgDomain[i] = d;
                    long at = start - rnd.nextLong(365 * DAY);
                    o.setLong(1, i + 1);
                    o.setString(2, OrganizationInference.nameFromDomain(d));
                    o.setString(3, d);
                    o.setLong(4, 1 + rnd.nextInt(nStaff));
                    o.setLong(5, at);
                    o.setLong(6, at);
                    o.setString(7, NameKey.of(OrganizationInference.nameFromDomain(d)));
                    o.addBatch();
                }
                o.executeBatch();
            }

            // Contacts: most at an organisation (skewed: a few big accounts, a long tail), some on free mail.
            int nContacts = sizes.contacts();
            String[] cAddr = new String[nContacts];
            String[] cName = new String[nContacts];
            int[] cOrg = new int[nContacts];
            int[] cOwner = new int[nContacts];
            List<List<Integer>> orgMembers = new ArrayList<>(nOrgs);
            for (int i = 0; i < nOrgs; i++) {
                orgMembers.add(new ArrayList<>());
            }
            Set<String> usedAddr = new HashSet<>();
            long extraEmails = 0;
            try (PreparedStatement ci = c.prepareStatement("INSERT INTO contact (id, display_name, organization_id, source,"
                    + " created_by, created_at, updated_at, info_at, sort_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement ce = c.prepareStatement("INSERT INTO contact_email (address, contact_id, created_at) VALUES (?, ?, ?)")) {
                for (int i = 0; i < nContacts; i++) {
                    String first = FIRST[rnd.nextInt(FIRST.length)];
                    String last = LAST[rnd.nextInt(LAST.length)];
                    String local = (first + "." + last).toLowerCase();
                    int org = -1;
                    String addr;
                    if (rnd.nextInt(100) < 85) {
                        org = (int) (nOrgs * Math.pow(rnd.nextDouble(), 1.6));
                        addr = unique(usedAddr, local, orgDomain[org]);
                        orgMembers.get(org).add(i);
                    } else {
                        addr = unique(usedAddr, local, FREEMAIL[rnd.nextInt(FREEMAIL.length)]);
                    }
                    cAddr[i] = addr;
                    cName[i] = first + " " + last;
                    cOrg[i] = org;
                    cOwner[i] = rnd.nextInt(nStaff);
                    long createdBy = cOwner[i] + 1;
                    long at = start - rnd.nextLong(30 * DAY);
                    ci.setLong(1, i + 1);
                    ci.setString(2, cName[i]);
                    if (org >= 0) {
                        ci.setLong(3, org + 1);
                    } else {
                        ci.setNull(3, java.sql.Types.INTEGER);
                    }
                    ci.setString(4, rnd.nextInt(10) < 7 ? "outlook" : "gmail");
                    ci.setLong(5, createdBy);
                    ci.setLong(6, at);
                    ci.setLong(7, at);
                    ci.setLong(8, at);
                    ci.setString(9, NameKey.of(cName[i]));
                    ci.addBatch();
                    ce.setString(1, addr);
                    ce.setLong(2, i + 1);
                    ce.setLong(3, at);
                    ce.addBatch();
                    if (rnd.nextInt(100) < 20) {
                        // A second address: a personal one, or an old-style alias at the same company.
                        String second = org >= 0 && rnd.nextBoolean()
                                ? unique(usedAddr, (first.charAt(0) + last).toLowerCase(), orgDomain[org])
                                : unique(usedAddr, local, FREEMAIL[rnd.nextInt(FREEMAIL.length)]);
                        ce.setString(1, second);
                        ce.setLong(2, i + 1);
                        ce.setLong(3, at + 1);
                        ce.addBatch();
                        extraEmails++;
                    }
                    if (i % 10_000 == 9_999) {
                        ci.executeBatch();
                        ce.executeBatch();
                    }
                }
                ci.executeBatch();
                ce.executeBatch();
            }
            // Popularity order independent of organisation.
            int[] byPopularity = new int[nContacts];
            for (int i = 0; i < nContacts; i++) {
                byPopularity[i] = i;
            }
            Random shuffler = new Random(seed ^ 0x5DEECE66DL);
            for (int i = nContacts - 1; i > 0; i--) {
                int j = shuffler.nextInt(i + 1);
                int t = byPopularity[i];
                byPopularity[i] = byPopularity[j];
                byPopularity[j] = t;
            }
            log.printf("  staff %d, organizations %d, contacts %d (+%d second addresses) in %.1fs%n", nStaff, nOrgs, nContacts,
                    extraEmails, (System.nanoTime() - t0) / 1e9);

            // Messages, in threads.
            Map<Long, Rel> rels = new HashMap<>(nContacts * 4);
            Set<Long> fingerprints = new HashSet<>(sizes.messages() * 2);
            long parties = 0;
            long copies = 0;
            try (PreparedStatement mi = c.prepareStatement("INSERT INTO message (id, internet_message_id, fingerprint, thread_key,"
                    + " subject, subject_norm, participants_hash, sent_at, snippet, body, from_address, source, private,"
                    + " captured_by, captured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)");
                 PreparedStatement pi = c.prepareStatement("INSERT INTO message_party (message_id, role, address, name,"
                         + " contact_id, user_id, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement ki = c.prepareStatement("INSERT INTO message_copy (message_id, user_id, source, captured_at)"
                         + " VALUES (?, ?, ?, ?)")) {
                int nMessages = sizes.messages();
                int messageId = 0;
                int thread = 0;
                while (messageId < nMessages) {
                    thread++;
                    int c0 = byPopularity[(int) (nContacts * Math.pow(rnd.nextDouble(), 2.0))];
                    List<P> people = new ArrayList<>();
                    int staffA = rnd.nextInt(100) < 70 ? cOwner[c0] : rnd.nextInt(nStaff);
                    people.add(staffP(staffA, staffAddr, staffName));
                    if (rnd.nextInt(100) < 25) {
                        int staffB = rnd.nextInt(nStaff);
                        if (staffB != staffA) {
                            people.add(staffP(staffB, staffAddr, staffName));
                        }
                    }
                    people.add(new P(cAddr[c0], cName[c0], -1, c0));
                    int more = rnd.nextInt(100) < 50 ? 0 : rnd.nextInt(100) < 60 ? 1 : 2;
                    for (int k = 0; k < more; k++) {
                        int other;
                        List<Integer> colleagues = cOrg[c0] >= 0 ? orgMembers.get(cOrg[c0]) : List.of();
                        if (colleagues.size() > 1 && rnd.nextInt(100) < 75) {
                            other = colleagues.get(rnd.nextInt(colleagues.size()));
                        } else {
                            other = byPopularity[(int) (nContacts * Math.pow(rnd.nextDouble(), 2.0))];
                        }
                        final int o = other;
                        if (people.stream().noneMatch(p -> p.contactIdx() == o)) {
                            people.add(new P(cAddr[o], cName[o], -1, o));
                        }
                    }
                    TreeSet<String> sortedAll = new TreeSet<>();
                    people.forEach(p -> sortedAll.add(p.address()));
                    String participantsHash = sha256(String.join(",", sortedAll));
                    String topic = TOPICS[rnd.nextInt(TOPICS.length)];
                    String about = cOrg[c0] >= 0 ? OrganizationInference.nameFromDomain(orgDomain[cOrg[c0]]) : cName[c0];
                    String baseSubject = topic + " - " + about + " (ref " + thread + ")";
                    int length = 1;
                    while (length < 6 && rnd.nextInt(100) < 50) {
                        length++;
                    }
                    length = Math.min(length, nMessages - messageId);
                    boolean privateThread = rnd.nextInt(100) == 0;
                    long t = start + rnd.nextLong(end - start - 20 * DAY);
                    String threadKey = null;
                    List<P> senders = new ArrayList<>(); // who wrote each earlier message of the thread
                    P previous = null;
                    for (int j = 0; j < length; j++) {
                        messageId++;
                        if (j > 0) {
                            t += 5 * 60_000 + rnd.nextLong(2 * DAY);
                        }
                        P sender;
                        if (j == 0) {
                            sender = rnd.nextBoolean() ? people.get(0) : people.get(people.size() > 1 && people.get(1).staff() ? 2 : 1);
                        } else {
                            do {
                                sender = people.get(rnd.nextInt(people.size()));
                            } while (sender == previous);
                        }
                        previous = sender;
                        List<P> recipients = new ArrayList<>(people);
                        recipients.remove(sender);
                        Collections.shuffle(recipients, new Random(rnd.nextLong()));
                        int toCount = Math.min(recipients.size(), 1 + rnd.nextInt(2));
                        String subject = (j == 0 ? "" : rnd.nextInt(5) == 0 ? "FW: " : "RE: ") + baseSubject;
                        String subjectNorm = MessageText.normaliseSubject(subject);
                        String fingerprint;
                        String snippet;
                        TreeSet<String> sortedRecipients = new TreeSet<>();
                        recipients.forEach(p -> sortedRecipients.add(p.address()));
                        do {
                            String greetName = recipients.get(0).name().split(" ")[0];
                            snippet = "Hi " + greetName + ", " + PHRASES[rnd.nextInt(PHRASES.length)] + ". "
                                    + PHRASES[rnd.nextInt(PHRASES.length)] + " (" + rnd.nextInt(100_000) + "). Best, "
                                    + sender.name().split(" ")[0];
                            fingerprint = fingerprint(sender.address(), sortedRecipients, t, subjectNorm, snippet);
                        } while (!fingerprints.add(Long.parseUnsignedLong(fingerprint.substring(0, 16), 16)));
                        if (threadKey == null) {
                            threadKey = "t:" + fingerprint.substring(0, 24);
                        }
                        // Copy owners: a staff member on the message (the sender when staff sent it), sometimes two.
                        List<P> staffOn = people.stream().filter(P::staff).toList();
                        P owner = sender.staff() ? sender : staffOn.get(rnd.nextInt(staffOn.size()));
                        String source = rnd.nextInt(10) < 7 ? "outlook" : "gmail";
                        long capturedAt = t + 60_000 + rnd.nextLong(DAY);
                        mi.setLong(1, messageId);
                        mi.setString(2, "<" + Long.toString(t, 36) + "." + messageId + "." + Integer.toHexString(rnd.nextInt())
                                + "@" + domainOf(sender.address()) + ">");
                        mi.setString(3, fingerprint);
                        mi.setString(4, threadKey);
                        mi.setString(5, subject);
                        mi.setString(6, subjectNorm);
                        mi.setString(7, participantsHash);
                        mi.setLong(8, t);
                        mi.setString(9, MessageText.snippet(snippet));
                        mi.setString(10, sender.address());
                        mi.setString(11, source);
                        mi.setInt(12, privateThread ? 1 : 0);
                        mi.setLong(13, owner.userIdx() + 1);
                        mi.setLong(14, capturedAt);
                        mi.addBatch();
                        ki.setLong(1, messageId);
                        ki.setLong(2, owner.userIdx() + 1);
                        ki.setString(3, source);
                        ki.setLong(4, capturedAt);
                        ki.addBatch();
                        copies++;
                        for (P s : staffOn) {
                            if (s != owner && rnd.nextInt(100) < 30) {
                                ki.setLong(1, messageId);
                                ki.setLong(2, s.userIdx() + 1);
                                ki.setString(3, "outlook");
                                ki.setLong(4, capturedAt + 3_600_000);
                                ki.addBatch();
                                copies++;
                            }
                        }
                        // Parties in capture order: from, to, cc.
                        List<String> roles = new ArrayList<>();
                        List<P> ordered = new ArrayList<>();
                        ordered.add(sender);
                        roles.add("from");
                        for (int k = 0; k < recipients.size(); k++) {
                            ordered.add(recipients.get(k));
                            roles.add(k < toCount ? "to" : "cc");
                        }
                        for (int k = 0; k < ordered.size(); k++) {
                            P p = ordered.get(k);
                            pi.setLong(1, messageId);
                            pi.setString(2, roles.get(k));
                            pi.setString(3, p.address());
                            pi.setString(4, p.name());
                            if (p.staff()) {
                                pi.setNull(5, java.sql.Types.INTEGER);
                                pi.setLong(6, p.userIdx() + 1);
                            } else {
                                pi.setLong(5, p.contactIdx() + 1);
                                pi.setNull(6, java.sql.Types.INTEGER);
                            }
                            pi.setLong(7, t); // message.sent_at, copied as CaptureService does (V6)
                            pi.addBatch();
                            parties++;
                        }
                        // Relationships, exactly as RelationshipUpdater.onMessage adds them.
                        for (int s = 0; s < ordered.size(); s++) {
                            P staff = ordered.get(s);
                            if (!staff.staff()) {
                                continue;
                            }
                            for (P contact : ordered) {
                                if (contact.staff()) {
                                    continue;
                                }
                                boolean staffSent = sender == staff;
                                boolean contactSent = sender == contact;
                                double weight = staffSent ? Strength.SENT_BY_STAFF
                                        : roles.get(s).equals("to") ? Strength.STAFF_IN_TO : Strength.STAFF_IN_CC;
                                Rel r = rels.computeIfAbsent(((long) staff.userIdx() << 32) | contact.contactIdx(), k -> new Rel());
                                r.first = Math.min(r.first, t);
                                r.last = Math.max(r.last, t);
                                r.sent += staffSent ? 1 : 0;
                                r.received += contactSent ? 1 : 0;
                                r.count++;
                                r.score += strength.score(weight, t, now);
                                // Reciprocity: the other side wrote an earlier message of this thread (to everyone on it).
                                P otherSide = staffSent ? contact : contactSent ? staff : null;
                                if (otherSide != null && senders.contains(otherSide)) {
                                    r.score += strength.score(Strength.RECIPROCITY_BONUS, t, now);
                                }
                            }
                        }
                        senders.add(sender);
                        if (messageId % 5_000 == 0) {
                            mi.executeBatch();
                            ki.executeBatch();
                            pi.executeBatch();
                        }
                        if (messageId % 100_000 == 0) {
                            log.printf("  %,d messages (%.1fs)%n", messageId, (System.nanoTime() - t0) / 1e9);
                        }
                    }
                }
                mi.executeBatch();
                ki.executeBatch();
                pi.executeBatch();
            }
            try (PreparedStatement ri = c.prepareStatement("INSERT INTO relationship (user_id, contact_id, first_at, last_at,"
                    + " sent_count, received_count, message_count, score, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Map.Entry<Long, Rel> e : rels.entrySet()) {
                    Rel r = e.getValue();
                    ri.setLong(1, (e.getKey() >>> 32) + 1);
                    ri.setLong(2, (e.getKey() & 0xffffffffL) + 1);
                    ri.setLong(3, r.first);
                    ri.setLong(4, r.last);
                    ri.setInt(5, r.sent);
                    ri.setInt(6, r.received);
                    ri.setInt(7, r.count);
                    ri.setDouble(8, r.score);
                    ri.setLong(9, now);
                    ri.addBatch();
                    if (++n % 10_000 == 0) {
                        ri.executeBatch();
                    }
                }
                ri.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            log.printf("  %,d messages, %,d parties, %,d copies, %,d relationships inserted (%.1fs)%n", sizes.messages(), parties,
                    copies, rels.size(), (System.nanoTime() - t0) / 1e9);
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE");
                st.execute("PRAGMA journal_mode=WAL");
            }
        }
        long seconds = Math.round((System.nanoTime() - t0) / 1e9);
        log.printf("  generated %s in %ds%n", db, seconds);
        return new Summary(db, counts(db), seconds, false, end);
    }

    private static P staffP(int idx, String[] addr, String[] name) {
        return new P(addr[idx], name[idx], idx, -1);
    }

    private static String unique(Set<String> used, String local, String domain) {
        String candidate = local + "@" + domain;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = local + n + "@" + domain;
        }
        return candidate;
    }

    static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** CaptureService's content fingerprint (DESIGN.md §5.5), for a capture that carries a snippet and no body. */
    static String fingerprint(String from, TreeSet<String> sortedRecipients, long sentAt, String subjectNorm, String snippet) {
        String text = String.join("\n", from, String.join(",", sortedRecipients), Long.toString(sentAt / 60_000), subjectNorm,
                MessageText.digest(snippet).sha256());
        return sha256(text);
    }

    static String sha256(String s) {
        return Hashing.sha256().hashString(s, StandardCharsets.UTF_8).toString();
    }

    /** Stand-alone: {@code DataGenerator DIR [contacts messages]} generates (or reuses) the database. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/data");
        int contacts = args.length > 2 ? Integer.parseInt(args[1]) : 100_000;
        int messages = args.length > 2 ? Integer.parseInt(args[2]) : 500_000;
        Summary s = new DataGenerator(new Sizes(contacts, messages, 20), DEFAULT_SEED, System.out).ensure(dir);
        System.out.println(s.describe());
    }
}
