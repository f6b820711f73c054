package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.unsilo.relationships.Strength;
import org.unsilo.store.RelationshipRow;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.ProblemAssert;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.TwoStaffServer;

/** {@code GET /api/v1/relationships} and the relationship figures behind it (DESIGN.md §6). */
class RelationshipsTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final TwoStaffServer TEAM = new TwoStaffServer();

    @BeforeAll
    static void seed() {
        // Weekly for two months, silent for the last 100 days: cooling.
        writeWeekly("fading@cooling.example", 8, NOW.minus(100, ChronoUnit.DAYS));
        // Weekly for two months, up to two days ago: active.
        writeWeekly("steady@cooling.example", 8, NOW.minus(2, ChronoUnit.DAYS));
        // Twice a year, last one 150 days ago: quiet, but not longer than usual.
        for (int i = 0; i < 4; i++) {
            capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("seldom@cooling.example")
                    .sentAt(NOW.minus(150 + 180L * i, ChronoUnit.DAYS)));
        }
        // One message long ago is no pattern to break.
        capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to("once@cooling.example").sentAt(NOW.minus(200, ChronoUnit.DAYS)));
        capture(TEAM.bob(), CaptureJson.from("bob@unsilo.test").to("bobs.client@elsewhere.example"));
    }


    private static void writeWeekly(String to, int count, Instant last) {
        for (int i = 0; i < count; i++) {
            capture(TEAM.alice(), CaptureJson.from("alice@unsilo.test").to(to).sentAt(last.minus(7L * i, ChronoUnit.DAYS)));
        }
    }

    private static JsonNode capture(TestServer.Staff who, CaptureJson c) {
        TestServer.Response r = TEAM.server().capture(who.token(), c);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
        return r.json();
    }

    private static JsonNode items(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("items");
    }

    private static List<String> addresses(JsonNode relationships) {
        List<String> out = new ArrayList<>();
        relationships.forEach(r -> out.add(r.path("contact").path("emails").get(0).asText()));
        return out;
    }

    @Test
    void aStaffMemberSeesTheirOwnRelationships() {
        JsonNode mine = items(TEAM.server().get("/api/v1/relationships", TEAM.alice().token()));

        assertThat(addresses(mine)).contains("fading@cooling.example", "steady@cooling.example", "once@cooling.example")
                .doesNotContain("bobs.client@elsewhere.example");
        for (JsonNode r : mine) {
            if (r.path("contact").path("emails").get(0).asText().equals("steady@cooling.example")) {
                assertThat(r.path("messages").asInt()).isEqualTo(8);
                assertThat(r.path("sent").asInt()).isEqualTo(8);
                assertThat(r.path("received").asInt()).isZero();
                assertThat(r.path("strength").asDouble()).isPositive();
                assertThat(Instant.parse(r.path("lastContactAt").asText())).isEqualTo(NOW.minus(2, ChronoUnit.DAYS));
                assertThat(Instant.parse(r.path("firstContactAt").asText())).isEqualTo(NOW.minus(51, ChronoUnit.DAYS));
            }
        }
        // Asking for oneself by id is the same list.
        assertThat(items(TEAM.server().get("/api/v1/relationships?user=" + TEAM.alice().id(), TEAM.alice().token()))).isEqualTo(mine);

        // Cursor pagination returns the same relationships, one page at a time.
        List<Long> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = TEAM.server().get("/api/v1/relationships?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    TEAM.alice().token()).json();
            page.path("items").forEach(r -> paged.add(r.path("contact").path("id").asLong()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        List<Long> all = new ArrayList<>();
        mine.forEach(r -> all.add(r.path("contact").path("id").asLong()));
        assertThat(paged).containsExactlyElementsOf(all);
    }

    @Test
    void onlyAdminsMaySeeSomeoneElsesRelationships() {
        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/relationships?user=" + TEAM.alice().id(), TEAM.bob().token()), 403);
        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/relationships?user=" + TEAM.alice().id() + "&cooling=true", TEAM.bob().token()), 403);
        ProblemAssert.assertProblem(TEAM.server().get("/api/v1/relationships?user=alice", TEAM.bob().token()), 400);

        JsonNode asAdmin = items(TEAM.server().get("/api/v1/relationships?user=" + TEAM.alice().id(), TEAM.server().adminToken()));
        assertThat(addresses(asAdmin)).contains("steady@cooling.example");
    }

    @Test
    void coolingListsPairsThatWentQuietForLongerThanUsual() {
        JsonNode cooling = items(TEAM.server().get("/api/v1/relationships?cooling=true", TEAM.alice().token()));

        assertThat(addresses(cooling)).containsExactly("fading@cooling.example");
        assertThat(cooling.get(0).path("medianGapDays").asLong()).isEqualTo(7);
        assertThat(Instant.parse(cooling.get(0).path("lastContactAt").asText())).isEqualTo(NOW.minus(100, ChronoUnit.DAYS));
        // Bob has nothing cooling; an admin asking for Alice sees Alice's list.
        assertThat(items(TEAM.server().get("/api/v1/relationships?cooling=true", TEAM.bob().token()))).isEmpty();
        assertThat(items(TEAM.server().get("/api/v1/relationships?cooling=true&user=" + TEAM.alice().id(), TEAM.server().adminToken())))
                .isEqualTo(cooling);
    }

    @Test
    void rebuildingFromMessagesGivesWhatIncrementalUpdatesGave() {
        // A conversation in both directions, captured newest first, as a mailbox sync delivers it. The
        // reciprocity bonus must not depend on the order in which the messages arrived.
        Instant start = NOW.minus(20, ChronoUnit.DAYS);
        List<CaptureJson> thread = List.of(
                CaptureJson.from("alice@unsilo.test").to("dan@deal.example").subject("Deal").threadId("deal-42").sentAt(start),
                CaptureJson.from("dan@deal.example").to("alice@unsilo.test").cc("bob@unsilo.test")
                        .subject("RE: Deal").threadId("deal-42").sentAt(start.plus(1, ChronoUnit.DAYS)),
                CaptureJson.from("alice@unsilo.test").to("dan@deal.example").subject("RE: Deal").threadId("deal-42")
                        .sentAt(start.plus(2, ChronoUnit.DAYS)));
        for (int i = thread.size() - 1; i >= 0; i--) {
            capture(TEAM.alice(), thread.get(i));
        }
        // The same shape in order, in another thread, and a second copy that must not count twice.
        for (CaptureJson m : List.of(
                CaptureJson.from("bob@unsilo.test").to("erin@deal.example").subject("Intro").threadId("intro-7").sentAt(start),
                CaptureJson.from("erin@deal.example").to("bob@unsilo.test").subject("RE: Intro").threadId("intro-7")
                        .sentAt(start.plus(3, ChronoUnit.HOURS)))) {
            capture(TEAM.bob(), m);
            capture(TEAM.alice(), m);
        }
        List<RelationshipRow> incremental = relationshipRows();

        long messages = TEAM.server().app().relationships().rebuild();

        assertThat(messages).isEqualTo(TEAM.server().stats().path("messages").asLong());
        List<RelationshipRow> rebuilt = relationshipRows();
        assertThat(rebuilt).hasSameSizeAs(incremental);
        for (int i = 0; i < incremental.size(); i++) {
            RelationshipRow a = incremental.get(i);
            RelationshipRow b = rebuilt.get(i);
            String pair = "user " + a.userId() + " / contact " + a.contactId();
            assertThat(List.of(b.userId(), b.contactId(), b.firstAt(), b.lastAt()))
                    .as(pair).isEqualTo(List.of(a.userId(), a.contactId(), a.firstAt(), a.lastAt()));
            assertThat(List.of(b.sentCount(), b.receivedCount(), b.messageCount()))
                    .as(pair).isEqualTo(List.of(a.sentCount(), a.receivedCount(), a.messageCount()));
            // Sums of doubles added in another order may differ in the last bits, nothing more.
            assertThat(b.score()).as(pair).isCloseTo(a.score(), within(Math.abs(a.score()) * 1e-9));
        }
        // Both figures carry the bonus (DESIGN.md §6): Alice's two sent messages (1.0), Dan's reply with her
        // in To (0.6), and a reciprocity bonus (0.5) for each of the two answers.
        long dan = TEAM.server().lookup(TEAM.alice().token(), "dan@deal.example").json().path("results").get(0)
                .path("contact").path("id").asLong();
        Strength s = new Strength(TEAM.server().app().config().strengthHalfLife());
        long now = System.currentTimeMillis();
        long t0 = start.toEpochMilli();
        long t1 = start.plus(1, ChronoUnit.DAYS).toEpochMilli();
        long t2 = start.plus(2, ChronoUnit.DAYS).toEpochMilli();
        double expected = s.score(1.0, t0, now) + s.score(0.6, t1, now) + s.score(0.5, t1, now)
                + s.score(1.0, t2, now) + s.score(0.5, t2, now);
        RelationshipRow aliceDan = rebuilt.stream().filter(r -> r.userId() == TEAM.alice().id() && r.contactId() == dan)
                .findFirst().orElseThrow();
        assertThat(aliceDan.score()).isCloseTo(expected, within(expected * 1e-9));
    }

    private static List<RelationshipRow> relationshipRows() {
        return TEAM.server().app().db().read(h -> h.createQuery("SELECT user_id, contact_id, first_at, last_at, sent_count,"
                        + " received_count, message_count, score FROM relationship ORDER BY user_id, contact_id")
                .map((rs, ctx) -> new RelationshipRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getDouble(8)))
                .list());
    }
}
