package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.net.InternetDomainName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.unsilo.capture.CaptureResult;
import org.unsilo.capture.FreemailDomains;
import org.unsilo.store.UserRow;
import org.unsilo.testing.TestServer;

/**
 * Real mail through the one capture path (DESIGN.md §5): a slice of the Enron corpus is captured twice
 * into a real server, and what it stored is checked against facts this test works out from the files
 * itself — never against numbers from an earlier run.
 */
@Tag("acceptance")
class EnronCaptureAcceptanceTest {

    private static final String TARBALL = "data/enron/enron-westgas-8users-maildir.tar.gz";
    /** Files 1..25 of each of allen-p's folders: about 200 seeds, the rest of the sample are their copies. */
    private static final int SEEDS_PER_FOLDER = 25;
    private static final String INTERNAL_DOMAIN = "enron.com";
    private static final String ALLEN = "phillip.allen@enron.com";
    private static final String ALLEN_ALIAS = "k..allen@enron.com";

    private static TestServer server;
    private static StoredFacts facts;
    private static EnronSample sample;
    private static final Map<String, Long> USER_BY_OWNER = new TreeMap<>();
    private static List<CaptureResult> firstPass;
    private static List<CaptureResult> secondPass;
    private static Map<String, Long> countsAfterFirst;
    private static Map<String, Long> countsAfterSecond;

    @BeforeAll
    static void captureTheSampleTwice() {
        long started = System.nanoTime();
        sample = EnronSample.read(SharedData.file(TARBALL), SEEDS_PER_FOLDER);
        long read = System.nanoTime();
        server = TestServer.start(Map.of("UNSILO_INTERNAL_DOMAINS", INTERNAL_DOMAIN));
        facts = new StoredFacts(server);
        UserRow allen = server.app().users().create(server.admin().id(), ALLEN, "Phillip K. Allen", "member");
        server.app().users().addAlias(allen.id(), ALLEN_ALIAS);
        USER_BY_OWNER.put(EnronSample.SEED_OWNER, allen.id());
        // Colleagues whose mailboxes hold copies get an account too, so each copy has its owner. Their
        // real addresses are not needed: enron.com is internal by configuration.
        for (EnronMessage m : sample.messages()) {
            USER_BY_OWNER.computeIfAbsent(m.owner(), owner -> server.app().users()
                    .create(server.admin().id(), owner + "@import.unsilo.test", owner, "member").id());
        }
        firstPass = captureAll();
        countsAfterFirst = facts.counts();
        secondPass = captureAll();
        countsAfterSecond = facts.counts();
        System.out.printf(Locale.ROOT, "Enron sample: %d files (%d seeds) from %d mailboxes, %d distinct mails; "
                        + "read %d ms, two capture passes %d ms; counts %s%n",
                sample.messages().size(), sample.seedPaths().size(), USER_BY_OWNER.size(), expectedKeys().size(),
                (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000, countsAfterFirst);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<CaptureResult> captureAll() {
        List<CaptureResult> results = new ArrayList<>();
        for (EnronMessage m : sample.messages()) {
            results.add(server.app().captures().capture(m.toCapture(USER_BY_OWNER.get(m.owner()))));
        }
        return results;
    }

    @Test
    void sampleExercisesDeduplication() {
        List<EnronMessage> messages = sample.messages();
        assertThat(sample.seedPaths()).as("seed files").hasSizeBetween(150, 260);
        // Copies must not be recognisable by Message-ID, or this test would not test the fingerprint.
        assertThat(messages.stream().map(EnronMessage::messageId).distinct().count())
                .as("distinct Message-IDs").isEqualTo(messages.size());
        assertThat(expectedKeys().size()).as("distinct mails vs files").isLessThan(messages.size());
        assertThat(USER_BY_OWNER).as("mailboxes holding copies").hasSizeGreaterThan(1);
    }

    /** (b) One stored message per distinct content, however many folders and mailboxes hold a copy. */
    @Test
    void eachDistinctMailIsStoredOnce() {
        Map<ContentKey, Set<Long>> idsByKey = new HashMap<>();
        Map<ContentKey, List<String>> pathsByKey = new HashMap<>();
        for (int i = 0; i < sample.messages().size(); i++) {
            EnronMessage m = sample.messages().get(i);
            idsByKey.computeIfAbsent(m.contentKey(), k -> new TreeSet<>()).add(firstPass.get(i).message().id());
            pathsByKey.computeIfAbsent(m.contentKey(), k -> new ArrayList<>()).add(m.path());
        }
        List<String> storedTwice = idsByKey.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> pathsByKey.get(e.getKey()) + " -> messages " + e.getValue()).sorted().toList();
        assertThat(storedTwice).as("copies of one mail stored as several messages").isEmpty();
        Map<Long, List<String>> pathsById = new TreeMap<>();
        idsByKey.forEach((key, ids) -> pathsById.computeIfAbsent(ids.iterator().next(), k -> new ArrayList<>())
                .addAll(pathsByKey.get(key)));
        assertThat(pathsById.values()).as("different mails merged into one message")
                .allSatisfy(paths -> assertThat(paths.stream().map(p -> keyOf(p)).distinct()).hasSize(1));
        assertThat(countsAfterFirst.get("messages")).isEqualTo(idsByKey.size());

        // The first capture of each mail creates it, every later copy only adds an owner.
        long created = firstPass.stream().filter(CaptureResult::created).count();
        assertThat(created).as("captures that created a message").isEqualTo(idsByKey.size());
        Set<String> copies = new HashSet<>();
        sample.messages().forEach(m -> copies.add(m.contentKey() + "|" + m.owner()));
        assertThat(countsAfterFirst.get("messageCopies")).as("(mail, mailbox owner) pairs").isEqualTo(copies.size());
    }

    /** (c) Capturing the same files again is a no-op. */
    @Test
    void capturingAgainCreatesNothing() {
        assertThat(secondPass).extracting(CaptureResult::created).containsOnly(false);
        for (int i = 0; i < secondPass.size(); i++) {
            assertThat(secondPass.get(i).message().id()).as(sample.messages().get(i).path())
                    .isEqualTo(firstPass.get(i).message().id());
            assertThat(secondPass.get(i).contacts()).as("contacts of %s", sample.messages().get(i).path())
                    .allSatisfy(c -> assertThat(c.created()).isFalse());
        }
        assertThat(countsAfterSecond).isEqualTo(countsAfterFirst);
    }

    /** (a) Colleagues at the company domain are staff, never contacts. */
    @Test
    void noEnronAddressBecomesAContact() {
        Set<String> enronInSample = new TreeSet<>();
        sample.messages().forEach(m -> m.addresses().stream().filter(EnronCaptureAcceptanceTest::isInternal)
                .forEach(enronInSample::add));
        assertThat(enronInSample).as("enron.com addresses in the sample").hasSizeGreaterThan(5);

        Map<String, JsonNode> contacts = facts.contactsByEmail();
        assertThat(contacts).as("contacts created from the sample").isNotEmpty();
        assertThat(contacts.keySet()).as("contact addresses").noneMatch(EnronCaptureAcceptanceTest::isInternal);
        assertThat(facts.scalar("SELECT COUNT(*) FROM contact_email WHERE address LIKE '%enron.com'")).isZero();
        assertThat(facts.scalar("SELECT COUNT(*) FROM message_party WHERE address LIKE '%@enron.com' AND contact_id IS NOT NULL"))
                .isZero();
    }

    /** Phillip Allen's two spellings are both him: never a contact, always his user. */
    @Test
    void allenAddressesResolveToHisAccount() {
        long allen = USER_BY_OWNER.get(EnronSample.SEED_OWNER);
        String in = "('" + ALLEN + "', '" + ALLEN_ALIAS + "')";
        assertThat(facts.scalar("SELECT COUNT(*) FROM message_party WHERE address IN " + in)).as("parties for Allen").isPositive();
        assertThat(facts.scalar("SELECT COUNT(*) FROM message_party WHERE address IN " + in
                + " AND (user_id IS NULL OR user_id <> " + allen + " OR contact_id IS NOT NULL)")).isZero();
    }

    /**
     * (d) Every outside address the server neither rejected nor skipped became a contact, and its
     * organisation is the registrable domain (Public Suffix List), except at free-mail providers.
     */
    @Test
    void outsidePeopleHaveTheirOrganisations() {
        Set<String> notContacts = new HashSet<>();
        for (CaptureResult r : firstPass) {
            r.rejected().forEach(x -> notContacts.add(x.address().toLowerCase(Locale.ROOT)));
            r.skipped().forEach(x -> notContacts.add(x.address()));
        }
        Set<String> external = new TreeSet<>();
        sample.messages().forEach(m -> m.addresses().stream().filter(a -> !isInternal(a) && !notContacts.contains(a))
                .forEach(external::add));
        assertThat(external).as("outside addresses in the sample").hasSizeGreaterThan(3);

        Map<String, JsonNode> contacts = facts.contactsByEmail();
        FreemailDomains freemail = FreemailDomains.builtIn();
        Map<String, String> wrong = new TreeMap<>();
        Set<String> organisations = new TreeSet<>();
        for (String address : external) {
            JsonNode contact = contacts.get(address);
            if (contact == null) {
                wrong.put(address, "no contact");
                continue;
            }
            String registrable = registrableDomain(address.substring(address.lastIndexOf('@') + 1));
            String expected = freemail.contains(registrable) ? null : registrable;
            JsonNode org = contact.get("organization");
            String actual = org == null || org.isNull() ? null : org.get("domain").asText();
            if (!Objects.equals(expected, actual)) {
                wrong.put(address, "organisation " + actual + ", expected " + expected);
            }
            if (actual != null) {
                organisations.add(actual);
            }
        }
        assertThat(wrong).as("outside addresses without the right contact/organisation").isEmpty();
        assertThat(organisations).as("organisations of outside contacts").isNotEmpty();
        System.out.println("Organisations inferred from the Enron sample: " + organisations);
        assertThat(facts.scalar("SELECT COUNT(*) FROM organization")).isEqualTo(organisations.size());
    }

    /** (e) The admin stats endpoint reports what is in the database. */
    @Test
    void adminStatsMatchTheDatabase() {
        TestServer.Response r = server.get("/api/v1/admin/stats", server.adminToken());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode stats = r.json();
        Map<String, Long> fromApi = new LinkedHashMap<>();
        stats.fieldNames().forEachRemaining(f -> fromApi.put(f, stats.get(f).asLong()));
        Map<String, Long> db = facts.counts();
        db.keySet().retainAll(fromApi.keySet());
        assertThat(fromApi).as("stats vs SQL counts").isEqualTo(db);
        assertThat(fromApi.keySet()).contains("users", "contacts", "organizations", "messages", "messageCopies", "relationships");
        assertThat(fromApi.get("users")).isEqualTo(USER_BY_OWNER.size() + 1L); // plus the admin
    }

    private static ContentKey keyOf(String path) {
        return sample.messages().stream().filter(m -> m.path().equals(path)).findFirst().orElseThrow().contentKey();
    }

    private static Set<ContentKey> expectedKeys() {
        return sample.messages().stream().map(EnronMessage::contentKey).collect(Collectors.toSet());
    }

    private static boolean isInternal(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return domain.equals(INTERNAL_DOMAIN) || domain.endsWith("." + INTERNAL_DOMAIN);
    }

    /** The PSL's answer via Guava directly; the default rule "*" (last two labels) for unlisted suffixes. */
    private static String registrableDomain(String domain) {
        InternetDomainName name = InternetDomainName.from(domain);
        if (name.isUnderPublicSuffix()) {
            return name.topPrivateDomain().toString();
        }
        List<String> parts = name.parts();
        return parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
    }
}
