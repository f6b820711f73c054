package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * Signature enrichment through the real capture API (DESIGN.md §5.8): a sender's signature fills the
 * empty fields of their contact, says where each value came from, and never overwrites what was there
 * or what a person typed. The server runs with the default policy, which stores snippets only, so
 * these tests also show that the body is read at capture time without being kept.
 */
class SignatureEnrichmentTest {

    private static TestServer server;
    private static TestServer.Staff alice;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.staff("alice@unsilo.test", "Alice Staff");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String signed(String text, String... signature) {
        return text + "\n\n" + String.join("\n", signature) + "\n";
    }

    private static JsonNode capture(CaptureJson c) {
        TestServer.Response r = server.capture(alice.token(), c);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json();
    }

    /** The id of the contact the capture made or matched for {@code address}. */
    private static long contactOf(JsonNode captured, String address) {
        for (JsonNode c : captured.path("contacts")) {
            if (c.path("address").asText().equals(address)) {
                return c.path("id").asLong();
            }
        }
        throw new AssertionError("no contact for " + address + " in " + captured);
    }

    private static JsonNode contact(long id) {
        TestServer.Response r = server.get("/api/v1/contacts/" + id, alice.token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static long scalar(String sql, Object... args) {
        return server.app().db().read(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    @Test
    void aSignatureFillsPhonesAndTitleAndSaysWhereTheyCameFrom() {
        JsonNode captured = capture(CaptureJson.from("\"Doe, Jane\" <jane.doe@coral-energy.example>").to("alice@unsilo.test")
                .body(signed("Attached are the revised volumes for November.",
                        "Regards,", "Jane Doe", "Senior Vice President, Gas Origination", "Coral Energy Resources, L.P.",
                        "Tel: (713) 555-0142 x 1234", "Cell: 713-555-0199", "Fax: (713) 555-0143")));
        long messageId = captured.path("message").path("id").asLong();
        JsonNode jane = contact(contactOf(captured, "jane.doe@coral-energy.example"));

        assertThat(strings(jane.path("phones"))).containsExactly("+1 713-555-0142 ext. 1234", "+1 713-555-0199");
        assertThat(jane.path("title").asText()).isEqualTo("Senior Vice President, Gas Origination");
        assertThat(jane.path("organization").path("name").asText()).as("generated name replaced by the signature's")
                .isEqualTo("Coral Energy Resources, L.P.");

        JsonNode enrichment = jane.path("enrichment");
        assertThat(enrichment).hasSize(4);
        assertThat(enrichment).allSatisfy(e -> {
            assertThat(e.path("messageId").asLong()).isEqualTo(messageId);
            assertThat(e.path("at").asText()).endsWith("Z");
        });
        assertThat(enrichment).extracting(e -> e.path("field").asText() + "=" + e.path("value").asText()
                + (e.path("label").isNull() ? "" : " (" + e.path("label").asText() + ")"))
                .containsExactly("phone=+1 713-555-0142 ext. 1234 (work)", "phone=+1 713-555-0199 (mobile)",
                        "title=Senior Vice President, Gas Origination", "company=Coral Energy Resources, L.P.");

        // The policy stores a snippet, not the body: the signature was read from memory, not from the store.
        assertThat(scalar("SELECT COUNT(*) FROM message WHERE id = ? AND body IS NULL", messageId)).isEqualTo(1);
    }

    @Test
    void laterSignaturesDoNotOverwriteOrAddUp() {
        String sender = "bob.roe@elpaso.example";
        JsonNode first = capture(CaptureJson.from(sender).to("alice@unsilo.test")
                .body(signed("Numbers below.", "Bob Roe", "Director, Gas Supply", "915-555-0161")));
        long bob = contactOf(first, sender);
        JsonNode second = capture(CaptureJson.from(sender).to("alice@unsilo.test")
                .body(signed("New office from Monday.", "Bob Roe", "Vice President, Gas Supply", "Tel: 713-555-0188",
                        "Mobile: 713-555-0189")));
        assertThat(contactOf(second, sender)).isEqualTo(bob);

        JsonNode after = contact(bob);
        assertThat(strings(after.path("phones"))).containsExactly("+1 915-555-0161");
        assertThat(after.path("title").asText()).isEqualTo("Director, Gas Supply");
        assertThat(after.path("enrichment")).hasSize(2)
                .allSatisfy(e -> assertThat(e.path("messageId").asLong()).isEqualTo(first.path("message").path("id").asLong()));

        // A second copy of the first message is not a new message: nothing is read again.
        capture(CaptureJson.from(sender).to("alice@unsilo.test").messageId(first.path("message").path("internetMessageId").asText())
                .body(signed("Numbers below.", "Bob Roe", "Director, Gas Supply", "915-555-0161")));
        assertThat(contact(bob).path("enrichment")).hasSize(2);
    }

    @Test
    void whatAPersonEditedIsNeverReplaced() {
        String sender = "kim.lee@transwestern.example";
        long kim = contactOf(capture(CaptureJson.from(sender).to("alice@unsilo.test").body("No signature here.")), sender);
        TestServer.Response patched = server.patch("/api/v1/contacts/" + kim, alice.token(),
                TestJson.write(Map.of("title", "Head Scheduler", "phones", List.of())));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        capture(CaptureJson.from(sender).to("alice@unsilo.test")
                .body(signed("Confirmed.", "Thanks,", "Kim Lee", "Manager, Gas Control", "Direct: 402-555-0117")));

        JsonNode after = contact(kim);
        assertThat(after.path("title").asText()).as("typed title").isEqualTo("Head Scheduler");
        // A person emptied the phones on purpose: an empty list they typed is not "no phones yet".
        assertThat(after.path("phones")).as("typed (empty) phones").isEmpty();
        assertThat(after.path("enrichment")).isEmpty();
    }

    @Test
    void anOrganisationNamedByAPersonKeepsItsName() {
        String first = "ann.poe@williams-gas.example";
        long ann = contactOf(capture(CaptureJson.from(first).to("alice@unsilo.test").body("Hello.")), first);
        long org = contact(ann).path("organization").path("id").asLong();
        TestServer.Response renamed = server.patch("/api/v1/organizations/" + org, alice.token(), "{\"name\": \"Williams\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);

        capture(CaptureJson.from(first).to("alice@unsilo.test")
                .body(signed("Capacity posted.", "Ann Poe", "Williams Gas Pipeline Company", "801-555-0134")));
        JsonNode after = contact(ann);
        assertThat(after.path("organization").path("name").asText()).isEqualTo("Williams");
        assertThat(strings(after.path("phones"))).containsExactly("+1 801-555-0134");
        assertThat(after.path("enrichment")).extracting(e -> e.path("field").asText()).containsExactly("phone");
    }

    @Test
    void staffListMailAndOtherPeoplesSignaturesEnrichNobody() {
        long before = scalar("SELECT COUNT(*) FROM contact_enrichment");
        // Staff are not contacts.
        capture(CaptureJson.from("alice@unsilo.test").to("carl.fox@nymex.example")
                .body(signed("Sending the form now.", "Alice Staff", "Trader", "713-555-0150")));
        // List mail ends in a footer that is nobody's signature, even from a known contact.
        capture(CaptureJson.from("carl.fox@nymex.example").to("alice@unsilo.test").header("List-Id", "<access.nymex.example>")
                .body(signed("Outage tonight.", "Carl Fox", "Access Support Analyst", "212-555-0154")));
        // The sender quotes a colleague's signature: not his.
        JsonNode quoted = capture(CaptureJson.from("carl.fox@nymex.example").to("alice@unsilo.test")
                .body("Agreed.\n\n-----Original Message-----\nFrom: Dee Ray\nSent: Monday\n\nDee Ray\nAnalyst\n212-555-0155\n"));
        assertThat(scalar("SELECT COUNT(*) FROM contact_enrichment")).isEqualTo(before);
        assertThat(contact(contactOf(quoted, "carl.fox@nymex.example")).path("phones")).isEmpty();
    }

    @Test
    void deletingAContactDeletesItsProvenance() {
        String sender = "lou.kay@pge.example";
        long lou = contactOf(capture(CaptureJson.from(sender).to("alice@unsilo.test")
                .body(signed("See attached.", "Lou Kay", "415-555-0112"))), sender);
        assertThat(scalar("SELECT COUNT(*) FROM contact_enrichment WHERE contact_id = ?", lou)).isEqualTo(1);
        assertThat(server.delete("/api/v1/contacts/" + lou, alice.token()).status()).isEqualTo(204);
        assertThat(scalar("SELECT COUNT(*) FROM contact_enrichment WHERE contact_id = ?", lou)).isZero();
    }
}
