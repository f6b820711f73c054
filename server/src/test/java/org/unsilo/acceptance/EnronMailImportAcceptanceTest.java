package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.mail.MailImportReport;
import org.unsilo.importer.mail.MailImportRequest;
import org.unsilo.importer.mail.MailImporter;
import org.unsilo.store.ImportIssueRow;
import org.unsilo.testing.TestServer;

/**
 * The whole shared Enron corpus (8 mailboxes, 20,423 files), imported as {@code unsilo import mail maildir
 * --owners-by-folder} with {@code UNSILO_INTERNAL_DOMAINS=enron.com}, checked against what the test reads from the
 * files itself ({@link EnronMailFacts}), never against numbers copied from a run.
 */
@Tag("acceptance")
class EnronMailImportAcceptanceTest {

    @TempDir
    static Path tmp;

    private static Path maildir;
    private static EnronMailFacts facts;
    private static TestServer server;
    private static MailImportReport report;
    private static Map<String, Long> userIdOfOwner;

    @BeforeAll
    static void importTheWholeCorpus() {
        maildir = SharedData.extractEnron(tmp);
        facts = EnronMailFacts.read(maildir);
        server = TestServer.start(Map.of("UNSILO_INTERNAL_DOMAINS", "enron.com"));
        MailImporter importer = new MailImporter(server.app().captures(), server.app().users(), server.app().importJobs(),
                server.app().db());
        report = importer.run(MailImportRequest.byFolder(maildir), ImportProgress.NONE);
        System.out.printf("Enron import: %,d files in %.1f s (%,.0f messages/s): %s%n", report.processedNow(),
                report.elapsed().toMillis() / 1000.0, report.rate(), report.counts());
        userIdOfOwner = new TreeMap<>();
        for (MailImportReport.OwnerReport o : report.owners()) {
            userIdOfOwner.put(o.folder(), server.app().users().findByEmail(o.email()).orElseThrow().id());
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static long sql(String query) {
        return server.app().db().read(h -> h.createQuery(query).mapTo(Long.class).one());
    }

    @Test
    void everyFileIsStoredFoldedOrSkippedWithAReason() {
        long files = facts.files.size();
        assertThat(files).as("message files in the tarball").isEqualTo(20_423);
        assertThat(report.outcome()).isEqualTo(MailImportReport.Outcome.DONE);
        assertThat(report.count(MailImportReport.FILES_READ)).isEqualTo(files);
        long stored = report.count(MailImportReport.MESSAGES_NEW);
        long folded = report.count(MailImportReport.MESSAGES_DUPLICATE);
        long skipped = report.count(MailImportReport.SKIPPED);
        assertThat(stored + folded + skipped).isEqualTo(files);
        assertThat(sql("SELECT COUNT(*) FROM message")).isEqualTo(stored);
        assertThat(report.issueCount()).isEqualTo(skipped);
        List<ImportIssueRow> issues = server.app().importJobs().issues(report.jobId(), 0, 100_000);
        assertThat(issues).hasSize((int) skipped).allSatisfy(i -> {
            assertThat(Files.isRegularFile(maildir.resolve(i.item()))).as("issue item %s is a file", i.item()).isTrue();
            assertThat(i.reason()).isNotBlank();
        });

        // Roughly half the files are copies (README); the test's own content key agrees with the importer to 0.1 %.
        // (Exact agreement is not expected: the importer decodes MIME — quoted-printable, encoded subjects — and so
        // folds a few copies that a plain reading of the bytes cannot see are the same.)
        Map<String, List<EnronMailFacts.MailFile>> byKey = facts.byKey();
        long tolerance = files / 1000;
        assertThat(stored).isCloseTo(byKey.size(), org.assertj.core.data.Offset.offset(tolerance));
        long copies = byKey.values().stream()
                .mapToLong(c -> c.stream().map(EnronMailFacts.MailFile::owner).distinct().count()).sum();
        assertThat(sql("SELECT COUNT(*) FROM message_copy")).isCloseTo(copies, org.assertj.core.data.Offset.offset(tolerance));
        assertThat(folded).isBetween(files * 4 / 10, files * 6 / 10);
    }

    @Test
    void ownersAreLearnedFromTheirSentFolders() {
        Map<String, Set<String>> learned = new TreeMap<>();
        for (MailImportReport.OwnerReport o : report.owners()) {
            learned.put(o.folder(), o.learned().stream().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet()));
        }
        assertThat(learned.keySet()).containsExactly("allen-p", "arnold-j", "ermis-f", "grigsby-m", "holst-k", "lavorato-j",
                "shively-h", "tholt-j");
        assertThat(learned.get("allen-p")).contains("phillip.allen@enron.com", "k..allen@enron.com");

        Map<String, Map<String, Long>> dominant = facts.dominantSenders();
        for (MailImportReport.OwnerReport o : report.owners()) {
            assertThat(learned.get(o.folder())).as("learned for %s", o.folder()).isEqualTo(dominant.get(o.folder()).keySet());
            long userId = userIdOfOwner.get(o.folder());
            assertThat(server.app().users().emailsOf(userId)).containsExactlyInAnyOrderElementsOf(learned.get(o.folder()));
            // The account's address is the one the owner sent most from.
            String most = dominant.get(o.folder()).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            assertThat(o.email()).isEqualTo(most);
        }
        assertThat(server.app().users().findByEmail("phillip.allen@enron.com").orElseThrow().displayName())
                .isEqualTo("Phillip K Allen");
        assertThat(report.count(MailImportReport.USERS_CREATED)).isEqualTo(8);
    }

    @Test
    void copiesFiledInSeveralFoldersAndMailboxesAreOneMessage() {
        List<List<EnronMailFacts.MailFile>> crossMailbox = new ArrayList<>();
        List<List<EnronMailFacts.MailFile>> manyFolders = new ArrayList<>();
        for (List<EnronMailFacts.MailFile> copies : facts.byKey().values()) {
            if (!copies.stream().allMatch(EnronMailFacts.MailFile::plain)) {
                continue;
            }
            long owners = copies.stream().map(EnronMailFacts.MailFile::owner).distinct().count();
            if (owners >= 2 && crossMailbox.size() < 25) {
                crossMailbox.add(copies);
            } else if (owners == 1 && copies.size() >= 3 && manyFolders.size() < 25) {
                manyFolders.add(copies);
            }
        }
        assertThat(crossMailbox).hasSize(25);
        assertThat(manyFolders).hasSize(25);
        List<List<EnronMailFacts.MailFile>> examples = new ArrayList<>(crossMailbox);
        examples.addAll(manyFolders);
        for (List<EnronMailFacts.MailFile> copies : examples) {
            EnronMailFacts.MailFile f = copies.get(0);
            List<Long> ids = server.app().db().read(h -> h.createQuery(
                            "SELECT id FROM message WHERE from_address = :from AND sent_at = :at AND subject = :subject")
                    .bind("from", f.from()).bind("at", f.sentAt()).bind("subject", f.subject()).mapTo(Long.class).list());
            assertThat(ids).as("messages for %s", copies.stream().map(EnronMailFacts.MailFile::relative).toList()).hasSize(1);
            List<Long> owners = server.app().db().read(h -> h.createQuery(
                    "SELECT user_id FROM message_copy WHERE message_id = :id ORDER BY user_id").bind("id", ids.get(0))
                    .mapTo(Long.class).list());
            Set<Long> expected = copies.stream().map(c -> userIdOfOwner.get(c.owner())).collect(Collectors.toCollection(TreeSet::new));
            assertThat(owners).as("copy owners of %s", f.relative()).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void onlyPeopleOutsideEnronBecomeContacts() {
        assertThat(sql("SELECT COUNT(*) FROM contact_email WHERE address LIKE '%enron.com'")).isZero();
        assertThat(sql("SELECT COUNT(*) FROM organization WHERE domain LIKE '%enron.com'")).isZero();
        assertThat(sql("SELECT COUNT(*) FROM contact")).isEqualTo(report.count(MailImportReport.CONTACTS_CREATED)).isPositive();
        // Every contact is an address some file has on it, outside enron.com.
        Set<String> onFiles = new HashSet<>();
        facts.files.forEach(f -> {
            onFiles.add(f.from());
            onFiles.addAll(f.to());
            onFiles.addAll(f.cc());
        });
        List<String> contacts = server.app().db().read(h -> h.createQuery("SELECT address FROM contact_email")
                .mapTo(String.class).list());
        assertThat(onFiles).containsAll(contacts);
    }

    @Test
    void bpElPasoAndCoralEnergyAreOrganisationsWithTheirPeople() {
        for (String domain : List.of("bp.com", "elpaso.com", "coral-energy.com")) {
            JsonNode org = organisation(domain);
            JsonNode people = server.get("/api/v1/organizations/" + org.get("id").asLong() + "/people", server.adminToken()).json();
            Set<String> emails = new TreeSet<>();
            people.get("contacts").forEach(c -> c.get("emails").forEach(e -> emails.add(e.asText())));
            Set<String> expected = facts.peopleAt(domain);
            assertThat(expected).as("people at %s in the files", domain).isNotEmpty();
            assertThat(emails).as("people of %s", domain).isEqualTo(expected);
        }
    }

    private static JsonNode organisation(String domain) {
        TestServer.Response r = server.get("/api/v1/organizations?limit=100&q=" + domain, server.adminToken());
        assertThat(r.status()).isEqualTo(200);
        for (JsonNode o : r.json().get("items")) {
            if (o.get("domain").asText().equals(domain)) {
                return o;
            }
        }
        throw new AssertionError("no organisation with domain " + domain + " in " + r.body());
    }

    @Test
    void whoKnowsWhomRanksTheOwnersByTheirTrafficWithTheOrganisation() {
        Map<String, Collection<String>> addresses = new LinkedHashMap<>();
        report.owners().forEach(o -> addresses.put(o.folder(),
                server.app().users().emailsOf(userIdOfOwner.get(o.folder()))));
        Map<Long, String> ownerOfUser = new TreeMap<>();
        userIdOfOwner.forEach((o, id) -> ownerOfUser.put(id, o));

        // The organisations where most owners exchanged mail, by the test's own count, plus the two the issue names.
        Map<String, Map<String, EnronMailFacts.Traffic>> byOrganisation = facts.trafficByOrganisation(addresses);
        byOrganisation.remove("enron.com");
        // Free-mail providers (the product's list of them) give contacts without an organisation.
        byOrganisation.keySet().removeAll(freemailDomains());
        List<String> domains = byOrganisation.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Map<String, EnronMailFacts.Traffic>> e) -> e.getValue().size())
                        .reversed().thenComparing(Map.Entry::getKey))
                .limit(4).map(Map.Entry::getKey).collect(Collectors.toCollection(ArrayList::new));
        domains.add("bp.com");
        domains.add("elpaso.com");
        int orderedPairs = 0;
        for (String domain : domains) {
            Map<String, EnronMailFacts.Traffic> traffic = byOrganisation.getOrDefault(domain, Map.of());
            JsonNode people = server.get("/api/v1/organizations/" + organisation(domain).get("id").asLong() + "/people",
                    server.adminToken()).json();
            List<String> ranked = new ArrayList<>();
            Map<String, Long> messages = new TreeMap<>();
            for (JsonNode k : people.get("knownBy")) {
                String owner = ownerOfUser.get(k.get("user").get("id").asLong());
                ranked.add(owner);
                messages.put(owner, k.get("messages").asLong());
            }
            System.out.printf("%s: expected %s, API ranks %s with messages %s%n", domain, traffic.values(), ranked, messages);
            assertThat(new TreeSet<>(ranked)).as("owners who know %s", domain).isEqualTo(traffic.keySet());
            traffic.forEach((owner, t) -> assertThat(messages.get(owner)).as("%s's messages with %s", owner, domain)
                    .isEqualTo(t.pairs()));
            // Order: whoever clearly had more traffic (twice the decayed score, and at least as many messages) ranks higher.
            for (EnronMailFacts.Traffic a : traffic.values()) {
                for (EnronMailFacts.Traffic b : traffic.values()) {
                    if (a.score() >= 2 * b.score() && a.pairs() >= b.pairs()) {
                        assertThat(ranked.indexOf(a.owner())).as("%s before %s at %s", a.owner(), b.owner(), domain)
                                .isLessThan(ranked.indexOf(b.owner()));
                        orderedPairs++;
                    }
                }
            }
        }
        assertThat(orderedPairs).as("pairs of owners with a clear order").isGreaterThanOrEqualTo(5);
    }

    private static Set<String> freemailDomains() {
        try (var in = EnronMailImportAcceptanceTest.class.getResourceAsStream("/capture/freemail-domains.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void importingAgainAddsNothingAndSaysSo() {
        long messages = sql("SELECT COUNT(*) FROM message");
        long copies = sql("SELECT COUNT(*) FROM message_copy");
        MailImporter importer = new MailImporter(server.app().captures(), server.app().users(), server.app().importJobs(),
                server.app().db());
        MailImportReport again = importer.run(MailImportRequest.byFolder(maildir), ImportProgress.NONE);
        assertThat(again.outcome()).isEqualTo(MailImportReport.Outcome.ALREADY_DONE);
        assertThat(again.elapsed()).isLessThan(Duration.ofSeconds(5));
        assertThat(sql("SELECT COUNT(*) FROM message")).isEqualTo(messages);
        assertThat(sql("SELECT COUNT(*) FROM message_copy")).isEqualTo(copies);
    }
}
