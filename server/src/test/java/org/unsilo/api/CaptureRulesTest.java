package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The capture rules of DESIGN.md §5, checked end to end: a real capture over HTTP, then what the API
 * answers and what the database holds. Every test uses addresses of its own, so they share one server.
 */
class CaptureRulesTest {

    private static TestServer server;
    private static TestServer.Staff alice;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("UNSILO_INTERNAL_DOMAINS", "acme.com"));
        alice = server.staff("alice@unsilo.test", "Alice Staff");
        // A personal alias at a free-mail provider: only the user_email row can tell it is staff.
        server.app().users().addAlias(alice.id(), "alice.home@gmail.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode capture(CaptureJson c) {
        TestServer.Response r = server.capture(alice.token(), c);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode contact(long id) {
        TestServer.Response r = server.get("/api/v1/contacts/" + id, alice.token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static long contactIdOf(JsonNode captureResponse, String address) {
        for (JsonNode c : captureResponse.path("contacts")) {
            if (address.equals(c.path("address").asText())) {
                return c.path("id").asLong();
            }
        }
        throw new AssertionError(address + " is not among the contacts of " + captureResponse);
    }

    private static List<String> storedContactAddresses(List<String> addresses) {
        return server.app().db().read(h -> h.createQuery("SELECT address FROM contact_email WHERE address IN (<a>)")
                .bindList("a", addresses).mapTo(String.class).list());
    }

    private static List<String> partyAddresses(long messageId) {
        return server.app().db().read(h -> h.createQuery("SELECT address FROM message_party WHERE message_id = :id")
                .bind("id", messageId).mapTo(String.class).list());
    }

    @Test
    void lastCommaFirstDisplayNameIsTurnedAroundAndTheAddressLowerCased() {
        JsonNode r = capture(CaptureJson.from("\"Allen, Phillip K.\" <Phillip.Allen@ENRON.com>").to("alice@unsilo.test"));

        long id = contactIdOf(r, "phillip.allen@enron.com");
        JsonNode c = contact(id);
        assertThat(c.path("name").asText()).isEqualTo("Phillip K. Allen");
        assertThat(c.path("emails").size()).isEqualTo(1);
        assertThat(c.path("emails").get(0).asText()).isEqualTo("phillip.allen@enron.com");
        assertThat(c.path("organization").path("domain").asText()).isEqualTo("enron.com");
    }

    @Test
    void organisationIsTheRegistrableDomainFromThePublicSuffixList() {
        JsonNode bp = capture(CaptureJson.from("trader@mail.bp.com").to("alice@unsilo.test"));
        JsonNode uk = capture(CaptureJson.from("x@foo.co.uk").to("alice@unsilo.test"));

        assertThat(TestJson.texts(bp.path("organizations"), "domain")).containsExactly("bp.com");
        assertThat(contact(contactIdOf(bp, "trader@mail.bp.com")).path("organization").path("domain").asText())
                .isEqualTo("bp.com");
        // co.uk is a public suffix, so the organisation is foo.co.uk, not co.uk.
        assertThat(TestJson.texts(uk.path("organizations"), "domain")).containsExactly("foo.co.uk");

        // A second address at the parent domain joins the same organisation instead of creating one.
        JsonNode again = capture(CaptureJson.from("ceo@bp.com").to("alice@unsilo.test"));
        assertThat(again.path("organizations").get(0).path("id").asLong())
                .isEqualTo(bp.path("organizations").get(0).path("id").asLong());
        assertThat(again.path("organizations").get(0).path("created").asBoolean()).isFalse();
    }

    @Test
    void freeMailAddressesBecomeContactsWithoutOrganisation() {
        JsonNode r = capture(CaptureJson.from("jo.private@gmail.com").to("alice@unsilo.test")
                .cc("sam@hotmail.com", "pat@aol.com"));

        assertThat(r.path("organizations").size()).isZero();
        for (String address : List.of("jo.private@gmail.com", "sam@hotmail.com", "pat@aol.com")) {
            JsonNode c = contact(contactIdOf(r, address));
            assertThat(c.path("organization").isNull()).as("organization of %s", address).isTrue();
        }
    }

    @Test
    void staffAddressesAndAliasesNeverBecomeContacts() {
        List<String> staff = List.of("bob@acme.com", "carol@eu.acme.com", "alice.home@gmail.com", "alice@unsilo.test");
        JsonNode r = capture(CaptureJson.from("alice@unsilo.test")
                .to("bob@acme.com", "carol@eu.acme.com", "alice.home@gmail.com", "partner@initech.example"));

        // The external recipient on the same message still becomes a contact: the rule is per address.
        assertThat(TestJson.texts(r.path("contacts"), "address")).containsExactly("partner@initech.example");
        assertThat(TestJson.texts(r.path("skipped"), "address")).contains("bob@acme.com", "carol@eu.acme.com");
        assertThat(storedContactAddresses(staff)).isEmpty();

        JsonNode lookup = server.lookup(alice.token(), "bob@acme.com", "alice.home@gmail.com").json();
        for (JsonNode result : lookup.path("results")) {
            assertThat(result.path("known").asBoolean()).as(result.toString()).isFalse();
            assertThat(result.path("internal").asBoolean()).as(result.toString()).isTrue();
        }
    }

    @Test
    void robotSendersAreNotContacts() {
        JsonNode r = capture(CaptureJson.from("no-reply@shop.example")
                .to("alice@unsilo.test", "mailer-daemon@relay.example", "buyer@shop.example"));

        assertThat(TestJson.texts(r.path("contacts"), "address")).containsExactly("buyer@shop.example");
        assertThat(TestJson.texts(r.path("skipped"), "address"))
                .contains("no-reply@shop.example", "mailer-daemon@relay.example");
        assertThat(storedContactAddresses(List.of("no-reply@shop.example", "mailer-daemon@relay.example"))).isEmpty();
    }

    @Test
    void listMailDoesNotTurnItsSenderIntoAContact() {
        JsonNode r = capture(CaptureJson.from("\"Weekly Digest\" <digest@lists.example>").to("alice@unsilo.test")
                .header("List-Id", "<weekly.lists.example>"));

        assertThat(r.path("contacts").size()).isZero();
        assertThat(TestJson.texts(r.path("skipped"), "address")).containsExactly("digest@lists.example");
        assertThat(storedContactAddresses(List.of("digest@lists.example"))).isEmpty();
        // The message itself is still logged.
        assertThat(partyAddresses(r.path("message").path("id").asLong())).contains("digest@lists.example");
    }

    @Test
    void internationalDomainsAreStoredInAsciiAndMatchInEitherForm() {
        JsonNode r = capture(CaptureJson.from("user@bücher.example").to("alice@unsilo.test"));

        long id = contactIdOf(r, "user@xn--bcher-kva.example");
        assertThat(storedContactAddresses(List.of("user@xn--bcher-kva.example"))).hasSize(1);
        assertThat(storedContactAddresses(List.of("user@bücher.example"))).isEmpty();
        JsonNode org = contact(id).path("organization");
        assertThat(org.path("domain").asText()).isEqualTo("xn--bcher-kva.example");
        // The organisation's name is shown in Unicode, as people write it.
        assertThat(org.path("name").asText()).isEqualTo("Bücher");

        // A client that sends the Unicode form (in any case) finds the same contact.
        JsonNode lookup = server.lookup(alice.token(), "user@BÜCHER.example").json().path("results").get(0);
        assertThat(lookup.path("known").asBoolean()).isTrue();
        assertThat(lookup.path("contact").path("id").asLong()).isEqualTo(id);
    }

    @Test
    void unicodeTextSurvivesTheRoundTrip() {
        // Emoji are surrogate pairs in Java strings: valid text that input checks must not mistake for garbage.
        JsonNode r = capture(CaptureJson.from("\"Zoë 😀 Ünal\" <zoe@unicode.example>").to("alice@unsilo.test")
                .subject("Grüße 👋 — 東京"));

        assertThat(r.path("message").path("subject").asText()).isEqualTo("Grüße 👋 — 東京");
        assertThat(contact(contactIdOf(r, "zoe@unicode.example")).path("name").asText()).isEqualTo("Zoë 😀 Ünal");
    }

    @Test
    void invalidAddressesAreRejectedWithAReasonAndNotStored() {
        List<String> invalid = List.of("bob@", "@no-local.example", "two@@ats.example", "spaces in@side.example");
        JsonNode r = capture(CaptureJson.from("sender@valid.example").to("alice@unsilo.test")
                .to(invalid.toArray(String[]::new)));

        assertThat(TestJson.texts(r.path("rejected"), "address")).containsExactlyInAnyOrderElementsOf(invalid);
        for (JsonNode rejected : r.path("rejected")) {
            assertThat(rejected.path("reason").asText()).as(rejected.toString()).isNotBlank();
        }
        assertThat(partyAddresses(r.path("message").path("id").asLong()))
                .containsExactlyInAnyOrder("sender@valid.example", "alice@unsilo.test");
        assertThat(storedContactAddresses(invalid)).isEmpty();
    }

    @Test
    void aCaptureKeepsASnippetButNotTheBodyByDefault() {
        String body = "Dear Alice,\n\n" + "The quarterly numbers are attached. ".repeat(40) + "\n\nRegards, Bo";
        JsonNode r = capture(CaptureJson.from("bo@snippets.example").to("alice@unsilo.test").body(body));

        long id = r.path("message").path("id").asLong();
        Map<String, Object> row = server.app().db().read(h -> h.createQuery("SELECT body, snippet FROM message WHERE id = :id")
                .bind("id", id).mapToMap().one());
        assertThat(row.get("body")).isNull();
        String snippet = (String) row.get("snippet");
        assertThat(snippet).startsWith("Dear Alice, The quarterly numbers are attached.");
        assertThat(snippet.length()).isLessThan(body.length()).isLessThanOrEqualTo(241);
    }

    @Test
    void aDomainAStaffMemberChoseNeverToCaptureKeepsTheWholeMessageOutForThemOnly() {
        server.app().web().directory().addPrivateDomain(alice.id(), "my-bank.example");
        TestServer.Staff bob = server.staff("bob.rules@unsilo.test", "Bob Rules");
        CaptureJson mail = CaptureJson.from("advisor@branch.my-bank.example").to("alice@unsilo.test")
                .cc("someone@elsewhere.example").subject("Your mortgage");

        TestServer.Response refused = server.capture(alice.token(), mail);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().path("detail").asText()).contains("branch.my-bank.example", "never to capture");
        assertThat(storedContactAddresses(List.of("advisor@branch.my-bank.example", "someone@elsewhere.example"))).isEmpty();

        TestServer.Response forBob = server.capture(bob.token(), mail);
        assertThat(forBob.status()).as(forBob.body()).isEqualTo(201);
    }
}
