package org.unsilo.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.CliRun;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * GDPR art. 15 and 17 over the admin API and the CLI: an export holds what is stored about a person; an erasure
 * leaves no trace of their addresses or name anywhere in the database, keeps other people's data, and a suppression
 * turns later captures of the address away until an admin lifts it.
 */
class PrivacyApiTest {

    private static final String PHILLIP = "phillip.allen@enron.example";
    private static final String PHILLIP_2 = "p.allen+desk@enron-trading.example";

    private TestServer server;
    private TestServer.Staff alice;
    private TestServer.Staff bob;
    private long phillip;
    private long jo;

    @BeforeEach
    void start() {
        server = TestServer.start();
        alice = server.staff("alice@unsilo.test", "Alice Staff");
        bob = server.staff("bob@unsilo.test", "Bob Staff");
        Instant sent = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        // Phillip alone with Alice, with a signature (enrichment) and a replayable Idempotency-Key.
        TestServer.Response first = server.post("/api/v1/captures", alice.token(),
                CaptureJson.from("\"Allen, Phillip K.\" <" + PHILLIP + ">").to("alice@unsilo.test").sentAt(sent)
                        .subject("Phillip's pension question").body("My pension question.\n\nRegards,\nPhillip Allen\n"
                                + "Managing Director\nTel: (713) 555-0141\n").json(), Map.of("Idempotency-Key", "k-1"));
        assertThat(first.status()).isEqualTo(201);
        phillip = first.json().path("contacts").get(0).path("id").asLong();
        // Phillip and Jo together: Jo's conversation stays, its text too (so it does not name him here: text that
        // mentions an erased person inside a conversation kept for others is not searched for).
        server.capture(alice.token(), CaptureJson.from("alice@unsilo.test").to(PHILLIP, "Jo Doe <jo@gmail.com>")
                .sentAt(sent.plus(1, ChronoUnit.DAYS)).subject("Gas volumes").body("See attached."));
        // Bob privately with Phillip.
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").to(PHILLIP).sentAt(sent.plus(2, ChronoUnit.DAYS))
                .subject("Private: Phillip's transfer").body("Between us.").markPrivate());
        jo = server.lookup(alice.token(), "jo@gmail.com").json().path("results").get(0).path("contact").path("id").asLong();
        // A second contact for Phillip, merged into the first (its audit entry names both addresses).
        long second = server.post("/api/v1/contacts", alice.token(), TestJson.write(Map.of("name", "P. Allen",
                "emails", List.of(PHILLIP_2)))).json().path("id").asLong();
        assertThat(server.post("/api/v1/contacts/" + phillip + "/merge", alice.token(),
                TestJson.write(Map.of("contactIds", List.of(second)))).status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String path(String address) {
        return URLEncoder.encode(address, StandardCharsets.UTF_8).replace("+", "%20").replace("%20", "%2B");
    }

    @Test
    void theExportHoldsEverythingStoredAboutThePerson() {
        TestServer.Response r = server.get("/api/v1/admin/people/" + path(PHILLIP_2) + "/export", server.adminToken());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode x = r.json();
        assertThat(x.path("address").asText()).isEqualTo(PHILLIP_2);
        assertThat(x.path("suppressed").asBoolean()).isFalse();
        assertThat(x.path("contact").path("id").asLong()).isEqualTo(phillip);
        assertThat(x.path("contact").path("emails").toString()).contains(PHILLIP, PHILLIP_2);
        assertThat(x.path("contact").path("enrichment").toString()).contains("Managing Director");
        assertThat(x.path("mergedContacts")).hasSize(1);
        assertThat(x.path("mergedContacts").get(0).path("name").asText()).isEqualTo("P. Allen");
        // All three messages, Bob's private one included (the person has a right to it), with how Phillip appeared.
        assertThat(TestJson.texts(x.path("messages"), "subject")).containsExactly("Phillip's pension question",
                "Gas volumes", "Private: Phillip's transfer");
        assertThat(x.path("messages").get(0).path("appearances").get(0).path("role").asText()).isEqualTo("from");
        assertThat(x.path("messages").get(0).path("appearances").get(0).path("name").asText()).isEqualTo("Phillip K. Allen");
        // Other people on those messages are not the requester's data.
        assertThat(r.body()).doesNotContain("jo@gmail.com");
        assertThat(x.path("relationships")).extracting(n -> n.path("user").path("email").asText())
                .containsExactlyInAnyOrder("alice@unsilo.test", "bob@unsilo.test");
        assertThat(TestJson.texts(x.path("audit"), "action")).contains("contact.merge");

        // Handing the data out is audit-logged, by whom and with the address's hash only.
        JsonNode logged = server.get("/api/v1/admin/audit", server.adminToken()).json().path("items").get(0);
        assertThat(logged.path("action").asText()).isEqualTo("person.export");
        assertThat(logged.path("actorId").asLong()).isEqualTo(server.admin().id());
        assertThat(logged.toString()).doesNotContain(PHILLIP_2);
    }

    @Test
    void privacyOperationsAreForAdminsOnly() {
        assertThat(server.get("/api/v1/admin/people/" + PHILLIP + "/export", alice.token()).status()).isEqualTo(403);
        assertThat(server.post("/api/v1/admin/people/" + PHILLIP + "/erase", alice.token(), "").status()).isEqualTo(403);
        assertThat(server.get("/api/v1/admin/suppressions", alice.token()).status()).isEqualTo(403);
        assertThat(server.delete("/api/v1/admin/suppressions/" + PHILLIP, alice.token()).status()).isEqualTo(403);
        assertThat(server.stats().path("contacts").asLong()).isEqualTo(2);
    }

    @Test
    void badAddressesAndStaffAreRefused() {
        TestServer.Response bad = server.get("/api/v1/admin/people/not-an-address/export", server.adminToken());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("address");
        TestServer.Response staff = server.post("/api/v1/admin/people/alice@unsilo.test/erase", server.adminToken(), "");
        assertThat(staff.status()).isEqualTo(409);
        assertThat(staff.json().path("detail").asText()).contains("staff");
    }

    @Test
    void erasingLeavesNoTraceOfThePersonAndKeepsEveryoneElse() {
        TestServer.Response r = server.post("/api/v1/admin/people/" + PHILLIP + "/erase", server.adminToken(), "");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode e = r.json();
        assertThat(e.path("contacts").asInt()).isEqualTo(2);
        assertThat(e.path("addresses").asInt()).isEqualTo(2);
        assertThat(e.path("messageParties").asInt()).isEqualTo(3);
        assertThat(e.path("messagesStripped").asInt()).as("the two messages Phillip was the only contact on").isEqualTo(2);
        assertThat(e.path("relationships").asInt()).isEqualTo(2);
        assertThat(e.path("suppressedAddresses").asInt()).isEqualTo(2);
        assertThat(e.path("storedResponses").asInt()).isEqualTo(1);
        assertThat(e.path("addressHash").asText()).matches("[0-9a-f]{64}");

        // Nothing in any table names him any more: not an address, not his name, not his words.
        List<String> traces = DatabaseText.containing(server.app().db(), "phillip", "allen", "pension", "transfer",
                "555-0141", "managing director");
        assertThat(traces).isEmpty();
        // Everyone else is intact: Jo, her conversation with its text, the messages' dates and staff.
        assertThat(server.get("/api/v1/contacts/" + phillip, alice.token()).status()).isEqualTo(404);
        JsonNode joTimeline = server.get("/api/v1/contacts/" + jo + "/timeline", alice.token()).json().path("items");
        assertThat(joTimeline).hasSize(1);
        assertThat(joTimeline.get(0).path("snippet").asText()).isEqualTo("See attached.");
        JsonNode stats = server.stats();
        assertThat(stats.path("contacts").asLong()).isEqualTo(1);
        assertThat(stats.path("messages").asLong()).isEqualTo(3);
        // The audit log says that someone was erased, by whom, and only the hash.
        JsonNode audit = server.get("/api/v1/admin/audit", server.adminToken()).json().path("items");
        assertThat(audit.get(0).path("action").asText()).isEqualTo("person.erase");
        assertThat(audit.get(0).path("targetId").asText()).isEqualTo(e.path("addressHash").asText());
        assertThat(audit.get(0).path("actorId").asLong()).isEqualTo(server.admin().id());
        // The export now says there is nothing but the suppression.
        JsonNode export = server.get("/api/v1/admin/people/" + PHILLIP + "/export", server.adminToken()).json();
        assertThat(export.path("suppressed").asBoolean()).isTrue();
        assertThat(export.path("contact").isNull()).isTrue();
        assertThat(export.path("messages")).isEmpty();
    }

    @Test
    void aPersonWhoseContactWasDeletedIsStillFoundOnTheMessagesByAddress() {
        // Deleting Jo's contact leaves her address on the conversation, linked to no contact.
        assertThat(server.delete("/api/v1/contacts/" + jo, alice.token()).status()).isEqualTo(204);

        JsonNode export = server.get("/api/v1/admin/people/jo@gmail.com/export", server.adminToken()).json();
        assertThat(export.path("contact").isNull()).isTrue();
        assertThat(TestJson.texts(export.path("messages"), "subject")).containsExactly("Gas volumes");
        assertThat(export.path("messages").get(0).path("appearances").get(0).path("name").asText()).isEqualTo("Jo Doe");

        JsonNode erased = server.post("/api/v1/admin/people/jo@gmail.com/erase", server.adminToken(), "").json();
        assertThat(erased.path("messageParties").asInt()).isEqualTo(1);
        assertThat(DatabaseText.containing(server.app().db(), "jo@gmail.com", "jo doe")).isEmpty();
        // Phillip, who is on the same message, keeps his place on it.
        assertThat(server.get("/api/v1/admin/people/" + PHILLIP + "/export", server.adminToken()).json()
                .path("messages")).hasSize(3);
    }

    @Test
    void aSuppressedAddressIsTurnedAwayUntilAnAdminLiftsIt() {
        server.post("/api/v1/admin/people/" + PHILLIP + "/erase", server.adminToken(), "");

        // From him: refused as a whole.
        TestServer.Response from = server.capture(alice.token(), CaptureJson.from(PHILLIP).to("alice@unsilo.test"));
        assertThat(from.status()).isEqualTo(422);
        assertThat(from.json().path("detail").asText()).contains("erased on request");
        // To him alone: refused, it would store his conversation again.
        TestServer.Response alone = server.capture(alice.token(), CaptureJson.from("alice@unsilo.test").to(PHILLIP_2)
                .subject("Are you there?"));
        assertThat(alone.status()).isEqualTo(422);
        // To him and Jo: stored for Jo, his address dropped and reported.
        TestServer.Response both = server.capture(alice.token(), CaptureJson.from("alice@unsilo.test").to(PHILLIP, "jo@gmail.com")
                .subject("Hello both"));
        assertThat(both.status()).isEqualTo(201);
        assertThat(both.json().path("rejected").toString()).contains(PHILLIP).contains("erased on request");
        assertThat(TestJson.texts(both.json().path("contacts"), "address")).containsExactly("jo@gmail.com");
        // Typed in by hand: refused too.
        TestServer.Response typed = server.post("/api/v1/contacts", alice.token(), TestJson.write(Map.of("emails", List.of(PHILLIP))));
        assertThat(typed.status()).isEqualTo(400);
        assertThat(DatabaseText.containing(server.app().db(), "phillip", "p.allen")).isEmpty();

        JsonNode listed = server.get("/api/v1/admin/suppressions?address=" + path(PHILLIP_2), server.adminToken()).json();
        assertThat(listed.path("items")).hasSize(1);
        assertThat(listed.path("items").get(0).path("reason").asText()).isEqualTo("erased on request");
        assertThat(server.get("/api/v1/admin/suppressions", server.adminToken()).json().path("items")).hasSize(2);

        assertThat(server.delete("/api/v1/admin/suppressions/" + PHILLIP, server.adminToken()).status()).isEqualTo(204);
        assertThat(server.delete("/api/v1/admin/suppressions/" + PHILLIP, server.adminToken()).status()).isEqualTo(404);
        TestServer.Response again = server.capture(alice.token(), CaptureJson.from(PHILLIP).to("alice@unsilo.test")
                .subject("I am back"));
        assertThat(again.status()).isEqualTo(201);
        long fresh = again.json().path("contacts").get(0).path("id").asLong();
        // A new contact with only what was captured since: the erased history does not come back.
        assertThat(server.get("/api/v1/contacts/" + fresh + "/timeline", alice.token()).json().path("items")).hasSize(1);
        // His other address stays suppressed.
        assertThat(server.capture(alice.token(), CaptureJson.from(PHILLIP_2).to("alice@unsilo.test")).status()).isEqualTo(422);
    }

    @Test
    void theCliExportsAndErases() {
        server.app().close();

        CliRun.Result export = CliRun.run(server.cli("privacy", "export", "--email", PHILLIP));
        assertThat(export.exitCode()).as(export.err()).isZero();
        JsonNode json = TestJson.parse(export.out());
        assertThat(json.path("contact").path("id").asLong()).isEqualTo(phillip);
        assertThat(json.path("messages")).hasSize(3);
        String missing = server.dataDir().resolve("no-such-folder").resolve("phillip.json").toString();
        CliRun.Result nowhere = CliRun.run(server.cli("privacy", "export", "--email", PHILLIP, "--out", missing));
        assertThat(nowhere.exitCode()).isEqualTo(2);
        assertThat(nowhere.err()).contains("cannot write " + missing + ": the folder", "does not exist");

        CliRun.Result erase = CliRun.run(server.cli("privacy", "erase", "--email", PHILLIP));
        assertThat(erase.exitCode()).as(erase.err()).isZero();
        assertThat(erase.out()).contains("2 contacts").contains("2 addresses suppressed");
        CliRun.Result staff = CliRun.run(server.cli("privacy", "erase", "--email", "bob@unsilo.test"));
        assertThat(staff.exitCode()).isEqualTo(2);
        assertThat(staff.err()).contains("staff");

        CliRun.Result after = CliRun.run(server.cli("privacy", "export", "--email", PHILLIP));
        assertThat(TestJson.parse(after.out()).path("suppressed").asBoolean()).isTrue();
    }
}
