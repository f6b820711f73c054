package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestDatabase;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * Lookups answered from memory (LookupService's cache, on SQLite): every write a lookup could show is seen by the
 * next lookup, whoever asks, and an answer from memory is the answer the database gives. Each test first looks up
 * what it is about to change, so that the change has a kept answer to make stale.
 */
class LookupCacheTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static TestServer server;
    private static TestServer.Staff alice;
    private static TestServer.Staff bob;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.staff("alice@unsilo.test", "Alice Staff");
        bob = server.staff("bob@unsilo.test", "Bob Staff");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode captured(TestServer.Staff who, CaptureJson c) {
        TestServer.Response r = server.capture(who.token(), c);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json();
    }

    private static JsonNode lookupOne(TestServer server, TestServer.Staff who, String address) {
        TestServer.Response r = server.lookup(who.token(), address);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("results").get(0);
    }

    private static JsonNode lookupOne(TestServer.Staff who, String address) {
        return lookupOne(server, who, address);
    }

    private static List<String> subjects(JsonNode result) {
        return TestJson.texts(result.path("recentConversations"), "subject");
    }

    private static double metric(String name) {
        TestServer.Response r = server.get("/metrics", server.adminToken());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.body().lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in /metrics"));
    }

    @Test
    void aRepeatedLookupIsAnsweredFromMemoryOnSqliteOnly() {
        captured(alice, CaptureJson.from("alice@unsilo.test").to("nina@memory.example").subject("First contact")
                .sentAt(NOW.minus(3, ChronoUnit.DAYS)));
        lookupOne(bob, "nina@memory.example");
        double cached = metric("unsilo_lookup_cards_cached_total");
        double read = metric("unsilo_lookup_cards_read_total");

        JsonNode again = lookupOne(bob, "nina@memory.example");

        assertThat(subjects(again)).containsExactly("First contact");
        // Several servers write to one PostgreSQL, so none of them can know when a kept answer went stale.
        boolean kept = !TestDatabase.isPostgres();
        assertThat(metric("unsilo_lookup_cards_cached_total") - cached).isEqualTo(kept ? 1 : 0);
        assertThat(metric("unsilo_lookup_cards_read_total") - read).isEqualTo(kept ? 0 : 1);
    }

    @Test
    void aNewMessageShowsInTheNextLookupWithItsRelationship() {
        captured(alice, CaptureJson.from("alice@unsilo.test").to("oscar@fresh.example").subject("Old news")
                .sentAt(NOW.minus(5, ChronoUnit.DAYS)));
        JsonNode before = lookupOne(bob, "oscar@fresh.example");
        assertThat(before.path("knownBy")).hasSize(1);

        captured(bob, CaptureJson.from("oscar@fresh.example").to("bob@unsilo.test").subject("Breaking news")
                .sentAt(NOW.minus(1, ChronoUnit.HOURS)));

        JsonNode after = lookupOne(alice, "oscar@fresh.example");
        assertThat(subjects(after)).containsExactly("Breaking news", "Old news");
        assertThat(after.path("knownBy")).extracting(k -> k.path("user").path("email").asText())
                .containsExactlyInAnyOrder("alice@unsilo.test", "bob@unsilo.test");
    }

    @Test
    void anAddressLookedUpBeforeItWasCapturedIsKnownOnceCaptured() {
        assertThat(lookupOne(alice, "paula@later.example").path("known").asBoolean()).isFalse();

        captured(alice, CaptureJson.from("paula@later.example").to("alice@unsilo.test").subject("Hello at last"));

        JsonNode after = lookupOne(alice, "paula@later.example");
        assertThat(after.path("known").asBoolean()).isTrue();
        assertThat(subjects(after)).containsExactly("Hello at last");
    }

    @Test
    void aCopyMarkedPrivateIsHiddenFromOthersAtOnce() {
        JsonNode first = captured(alice, CaptureJson.from("alice@unsilo.test").to("quinn@secret.example")
                .subject("Terms we discussed").sentAt(NOW.minus(2, ChronoUnit.DAYS)));
        assertThat(subjects(lookupOne(bob, "quinn@secret.example"))).containsExactly("Terms we discussed");

        // Alice files her copy again, now as private: the same message, no longer Bob's to read.
        captured(alice, CaptureJson.from("alice@unsilo.test").to("quinn@secret.example").subject("Terms we discussed")
                .sentAt(NOW.minus(2, ChronoUnit.DAYS))
                .messageId(first.path("message").path("internetMessageId").asText()).markPrivate());

        assertThat(subjects(lookupOne(bob, "quinn@secret.example"))).isEmpty();
        assertThat(subjects(lookupOne(alice, "quinn@secret.example"))).containsExactly("Terms we discussed");
        // Asked again (from memory where kept): still each viewer's own answer.
        assertThat(subjects(lookupOne(bob, "quinn@secret.example"))).isEmpty();
        assertThat(subjects(lookupOne(alice, "quinn@secret.example"))).containsExactly("Terms we discussed");
    }

    @Test
    void eachViewerSeesTheirOwnNewestConversationsWhenMostNewOnesArePrivate() {
        // Four older messages for everyone, then four private ones of Bob's: more private rows than a kept card reads
        // beyond its page, so Alice's page is read exactly, and Bob's is picked from the rows read for everyone.
        for (int i = 1; i <= 4; i++) {
            captured(alice, CaptureJson.from("alice@unsilo.test").to("pat@many-private.example").subject("Open " + i)
                    .sentAt(NOW.minus(20 - i, ChronoUnit.DAYS)));
        }
        JsonNode newest = null;
        for (int i = 1; i <= 4; i++) {
            newest = captured(bob, CaptureJson.from("pat@many-private.example").to("bob@unsilo.test").subject("Mine " + i)
                    .sentAt(NOW.minus(10 - i, ChronoUnit.DAYS)).markPrivate());
        }
        List<String> alices = List.of("Open 4", "Open 3", "Open 2", "Open 1");
        List<String> bobs = List.of("Mine 4", "Mine 3", "Mine 2", "Mine 1", "Open 4");
        for (int round = 0; round < 3; round++) {
            assertThat(subjects(lookupOne(alice, "pat@many-private.example"))).as("round " + round).isEqualTo(alices);
            assertThat(subjects(lookupOne(bob, "pat@many-private.example"))).as("round " + round).isEqualTo(bobs);
        }
        // Bob's newest private message turns up in Alice's page once she files a copy of it too.
        JsonNode copy = captured(alice, CaptureJson.from("pat@many-private.example").to("bob@unsilo.test")
                .subject("Mine 4").sentAt(NOW.minus(6, ChronoUnit.DAYS)).markPrivate()
                .messageId(newest.path("message").path("internetMessageId").asText()));
        assertThat(copy.path("message").path("id").asLong()).isPositive()
                .isEqualTo(newest.path("message").path("id").asLong());
        assertThat(subjects(lookupOne(alice, "pat@many-private.example")))
                .isEqualTo(List.of("Mine 4", "Open 4", "Open 3", "Open 2", "Open 1"));
        assertThat(subjects(lookupOne(bob, "pat@many-private.example"))).isEqualTo(bobs);
    }

    @Test
    void anOrganisationRenamedByAPersonOrBySomeonesSignatureShowsForEveryContactThere() {
        captured(alice, CaptureJson.from("rita@initech-oil.example").to("alice@unsilo.test").subject("Hi"));
        JsonNode rita = lookupOne(alice, "rita@initech-oil.example");
        long org = rita.path("organization").path("id").asLong();
        assertThat(rita.path("organization").path("name").asText()).isEqualTo("Initech Oil");

        // Sam, a colleague of Rita's, signs with the company's legal name: the generated name gives way to it.
        captured(alice, CaptureJson.from("sam@initech-oil.example").to("alice@unsilo.test").subject("Volumes")
                .body("Volumes attached.\n\nSam Stone\nScheduler\nInitech Oil Company\n713-555-0120\n"));
        assertThat(lookupOne(bob, "rita@initech-oil.example").path("organization").path("name").asText())
                .isEqualTo("Initech Oil Company");

        TestServer.Response renamed = server.patch("/api/v1/organizations/" + org, alice.token(), "{\"name\": \"Initech\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        JsonNode after = lookupOne(bob, "rita@initech-oil.example");
        assertThat(after.path("organization").path("name").asText()).isEqualTo("Initech");
        assertThat(after.path("contact").path("organization").path("name").asText()).isEqualTo("Initech");
    }

    @Test
    void mergedAndEditedContactsShowAsTheyAreNow() {
        JsonNode one = captured(alice, CaptureJson.from("alice@unsilo.test").to("tom@two-names.example")
                .subject("Work address").sentAt(NOW.minus(4, ChronoUnit.DAYS)));
        JsonNode two = captured(alice, CaptureJson.from("alice@unsilo.test").to("tom.home@two-names.example")
                .subject("Home address").sentAt(NOW.minus(3, ChronoUnit.DAYS)));
        long tom = one.path("contacts").get(0).path("id").asLong();
        long other = two.path("contacts").get(0).path("id").asLong();
        lookupOne(bob, "tom@two-names.example");
        lookupOne(bob, "tom.home@two-names.example");

        TestServer.Response merged = server.post("/api/v1/contacts/" + tom + "/merge", alice.token(),
                TestJson.write(Map.of("contactIds", List.of(other))));
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        TestServer.Response edited = server.patch("/api/v1/contacts/" + tom, alice.token(), "{\"title\": \"Buyer\"}");
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);

        JsonNode after = lookupOne(bob, "tom.home@two-names.example");
        assertThat(after.path("contact").path("id").asLong()).isEqualTo(tom);
        assertThat(after.path("contact").path("title").asText()).isEqualTo("Buyer");
        assertThat(after.path("contact").path("emails")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("tom@two-names.example", "tom.home@two-names.example");
        assertThat(subjects(after)).containsExactly("Home address", "Work address");
    }

    @Test
    void aChangeByAnotherProcessShowsOnceTheServerWritesAgain() throws Exception {
        JsonNode walt = captured(alice, CaptureJson.from("\"Walt Early\" <walt@elsewhere.example>").to("alice@unsilo.test")
                .subject("Hello"));
        long id = walt.path("contacts").get(0).path("id").asLong();
        assertThat(lookupOne(bob, "walt@elsewhere.example").path("contact").path("name").asText()).isEqualTo("Walt Early");

        // Another process (a command run against the same file) renames him.
        try (Connection other = DriverManager.getConnection(server.app().config().dbUrl());
             PreparedStatement update = other.prepareStatement("UPDATE contact SET display_name = ? WHERE id = ?")) {
            update.setString(1, "Walter Early");
            update.setLong(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        // Any write of the server's own, here a capture of someone else, notices it.
        captured(bob, CaptureJson.from("bob@unsilo.test").to("xena@unrelated.example").subject("Unrelated"));

        assertThat(lookupOne(bob, "walt@elsewhere.example").path("contact").path("name").asText()).isEqualTo("Walter Early");
    }

    @Test
    void anAnswerFromMemoryIsTheAnswerTheDatabaseGives() {
        captured(alice, CaptureJson.from("alice@unsilo.test").to("uma@same.example").cc("victor@same.example")
                .subject("Both of you").sentAt(NOW.minus(6, ChronoUnit.DAYS)));
        captured(bob, CaptureJson.from("uma@same.example").to("bob@unsilo.test").subject("Just Bob")
                .sentAt(NOW.minus(2, ChronoUnit.DAYS)).markPrivate());
        String[] addresses = {"uma@same.example", "victor@same.example", "nobody@same.example"};
        for (TestServer.Staff viewer : List.of(alice, bob)) {
            server.lookup(viewer.token(), addresses);
        }
        String alicesFromMemory = server.lookup(alice.token(), addresses).body();
        String bobsFromMemory = server.lookup(bob.token(), addresses).body();
        // The same cards, their answers written once (LookupApi): each viewer still gets their own.
        String alicesAgain = server.lookup(alice.token(), addresses).body();
        String bobsAgain = server.lookup(bob.token(), addresses).body();

        // A second server on the same database that keeps nothing: every answer read. (Strength decays by the
        // millisecond, but is shown to four significant digits.)
        try (TestServer reading = TestServer.alongside(server, Map.of(ConfigLoader.LOOKUP_CACHE_MB, "0"))) {
            String alicesRead = reading.lookup(alice.token(), addresses).body();
            String bobsRead = reading.lookup(bob.token(), addresses).body();
            assertThat(TestJson.parse(alicesFromMemory)).isEqualTo(TestJson.parse(alicesRead));
            assertThat(TestJson.parse(bobsFromMemory)).isEqualTo(TestJson.parse(bobsRead));
            assertThat(TestJson.parse(alicesAgain)).isEqualTo(TestJson.parse(alicesRead));
            assertThat(TestJson.parse(bobsAgain)).isEqualTo(TestJson.parse(bobsRead));
            assertThat(alicesRead).contains("Both of you").doesNotContain("Just Bob");
            assertThat(bobsRead).contains("Both of you", "Just Bob");
        }
    }
}
