package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.TwoStaffServer;

/** {@code POST /api/v1/lookup} (DESIGN.md §7): what the add-in shows when a message opens. */
class LookupTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final TwoStaffServer TEAM = new TwoStaffServer();

    @BeforeAll
    static void seed() {
        // Alice writes to Carol five times, Bob once but most recently: ranking must follow strength, not recency.
        for (int i = 0; i < 5; i++) {
            created(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("\"Carol Client\" <carol@globex.example>")
                    .subject("Proposal round " + i).sentAt(NOW.minus(10 - i, ChronoUnit.DAYS)));
        }
        created(TEAM.bob(), CaptureJson.from("bob@unsilo.test").to("carol@globex.example")
                .subject("Hello from Bob").sentAt(NOW.minus(1, ChronoUnit.DAYS)));
    }


    private static JsonNode created(TestServer.Staff who, CaptureJson c) {
        TestServer.Response r = TEAM.server().capture(who.token(), c);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode lookup(TestServer.Staff who, String... addresses) {
        TestServer.Response r = TEAM.server().lookup(who.token(), addresses);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("results");
    }

    @Test
    void answersOneResultPerAddressInRequestOrder() {
        JsonNode results = lookup(TEAM.alice(), "newcomer@gmail.com", "\"Carol C.\" <CAROL@globex.example>", "alice@unsilo.test",
                "not an address", "dave@globex.example");

        assertThat(TestJson.texts(results, "address")).containsExactly("newcomer@gmail.com", "carol@globex.example",
                "alice@unsilo.test", "not an address", "dave@globex.example");

        JsonNode stranger = results.get(0);
        assertThat(stranger.path("known").asBoolean()).isFalse();
        assertThat(stranger.path("contact").isNull()).isTrue();
        assertThat(stranger.path("organization").isNull()).isTrue();

        JsonNode carol = results.get(1);
        assertThat(carol.path("known").asBoolean()).isTrue();
        assertThat(carol.path("internal").asBoolean()).isFalse();
        assertThat(carol.path("contact").path("name").asText()).isEqualTo("Carol Client");
        assertThat(carol.path("contact").path("emails").get(0).asText()).isEqualTo("carol@globex.example");
        assertThat(carol.path("organization").path("domain").asText()).isEqualTo("globex.example");

        assertThat(results.get(2).path("internal").asBoolean()).isTrue();
        assertThat(results.get(2).path("known").asBoolean()).isFalse();
        assertThat(results.get(3).path("known").asBoolean()).isFalse();
        assertThat(results.get(3).path("error").asText()).isNotBlank();

        // Unknown person at a known organisation: the add-in can still say "we know Globex".
        JsonNode dave = results.get(4);
        assertThat(dave.path("known").asBoolean()).isFalse();
        assertThat(dave.path("organization").path("id").asLong()).isEqualTo(carol.path("organization").path("id").asLong());
    }

    @Test
    void staffWhoKnowAContactAreRankedByStrengthWithTheirLastContact() {
        JsonNode knownBy = lookup(TEAM.bob(), "carol@globex.example").get(0).path("knownBy");

        assertThat(knownBy.size()).isEqualTo(2);
        JsonNode first = knownBy.get(0);
        JsonNode second = knownBy.get(1);
        assertThat(first.path("user").path("email").asText()).isEqualTo("alice@unsilo.test");
        assertThat(first.path("user").path("name").asText()).isEqualTo("Alice Staff");
        assertThat(second.path("user").path("email").asText()).isEqualTo("bob@unsilo.test");
        assertThat(first.path("strength").asDouble()).isGreaterThan(second.path("strength").asDouble());
        assertThat(first.path("messages").asInt()).isEqualTo(5);
        assertThat(second.path("messages").asInt()).isEqualTo(1);
        assertThat(Instant.parse(first.path("lastContactAt").asText())).isEqualTo(NOW.minus(6, ChronoUnit.DAYS));
        assertThat(Instant.parse(second.path("lastContactAt").asText())).isEqualTo(NOW.minus(1, ChronoUnit.DAYS));
    }

    @Test
    void recentConversationsAreNewestFirst() {
        JsonNode recent = lookup(TEAM.alice(), "carol@globex.example").get(0).path("recentConversations");

        assertThat(recent.size()).isBetween(1, 10);
        assertThat(recent.get(0).path("subject").asText()).isEqualTo("Hello from Bob");
        Instant previous = Instant.MAX;
        for (JsonNode c : recent) {
            Instant sentAt = Instant.parse(c.path("sentAt").asText());
            assertThat(sentAt).isBeforeOrEqualTo(previous);
            assertThat(c.path("id").asLong()).isPositive();
            assertThat(c.path("threadKey").asText()).isNotBlank();
            previous = sentAt;
        }
    }

    @Test
    void aPrivateConversationIsVisibleToItsOwnerOnly() {
        JsonNode privateMail = created(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("erin@private-matter.example")
                .subject("Confidential: salary talk").sentAt(NOW.minus(2, ChronoUnit.HOURS)).markPrivate());
        created(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("erin@private-matter.example")
                .subject("Lunch on Friday").sentAt(NOW.minus(3, ChronoUnit.HOURS)));
        long privateId = privateMail.path("message").path("id").asLong();
        long erin = privateMail.path("contacts").get(0).path("id").asLong();

        JsonNode forAlice = lookup(TEAM.alice(), "erin@private-matter.example").get(0).path("recentConversations");
        JsonNode forBob = lookup(TEAM.bob(), "erin@private-matter.example").get(0).path("recentConversations");
        assertThat(TestJson.texts(forAlice, "subject")).containsExactly("Confidential: salary talk", "Lunch on Friday");
        // Bob sees Alice's ordinary mail with Erin, so the private one is missing for privacy, not by accident.
        assertThat(TestJson.texts(forBob, "subject")).containsExactly("Lunch on Friday");
        assertThat(TestJson.longs(forBob, "id")).doesNotContain(privateId);

        String timeline = "/api/v1/contacts/" + erin + "/timeline";
        assertThat(TestJson.longs(TEAM.server().get(timeline, TEAM.alice().token()).json().path("items"), "id")).contains(privateId);
        TestServer.Response bobsTimeline = TEAM.server().get(timeline, TEAM.bob().token());
        assertThat(bobsTimeline.status()).isEqualTo(200);
        assertThat(TestJson.longs(bobsTimeline.json().path("items"), "id")).hasSize(1).doesNotContain(privateId);
        assertThat(bobsTimeline.body()).doesNotContain("salary");
    }

    @Test
    void manyPrivateConversationsAmongTheNewestStillLeaveAFullPageOfVisibleOnes() {
        String frank = "frank@many-secrets.example";
        for (int i = 1; i <= 6; i++) {
            created(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to(frank).subject("Open topic " + i)
                    .sentAt(NOW.minus(10 + i, ChronoUnit.HOURS)));
        }
        for (int i = 1; i <= 6; i++) {
            created(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to(frank).subject("Secret " + i)
                    .sentAt(NOW.minus(i, ChronoUnit.HOURS)).markPrivate());
        }

        assertThat(TestJson.texts(lookup(TEAM.bob(), frank).get(0).path("recentConversations"), "subject"))
                .containsExactly("Open topic 1", "Open topic 2", "Open topic 3", "Open topic 4", "Open topic 5");
        assertThat(TestJson.texts(lookup(TEAM.alice(), frank).get(0).path("recentConversations"), "subject"))
                .containsExactly("Secret 1", "Secret 2", "Secret 3", "Secret 4", "Secret 5");
    }

    @Test
    void aMessageToTwoAddressesOfOneContactIsOneConversation() {
        JsonNode first = created(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("gina@two-hats.example")
                .subject("Before the merge").sentAt(NOW.minus(5, ChronoUnit.DAYS)));
        JsonNode both = created(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("gina@two-hats.example")
                .cc("gina.private@two-hats.example").subject("To both addresses").sentAt(NOW.minus(4, ChronoUnit.DAYS)));
        long gina = first.path("contacts").get(0).path("id").asLong();
        long other = 0;
        for (JsonNode c : both.path("contacts")) {
            if (c.path("address").asText().equals("gina.private@two-hats.example")) {
                other = c.path("id").asLong();
            }
        }
        assertThat(TEAM.server().post("/api/v1/contacts/" + gina + "/merge", TEAM.alice().token(),
                TestJson.write(java.util.Map.of("contactIds", java.util.List.of(other)))).status()).isEqualTo(200);

        assertThat(TestJson.texts(lookup(TEAM.bob(), "gina.private@two-hats.example").get(0).path("recentConversations"), "subject"))
                .containsExactly("To both addresses", "Before the merge");
    }
}
