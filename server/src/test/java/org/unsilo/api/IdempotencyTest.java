package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.ProblemAssert;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.TwoStaffServer;

/**
 * DESIGN.md §5.5: the same message is stored once however often, by whom and how concurrently it is
 * captured. Counts come from {@code GET /api/v1/admin/stats}; each test compares before and after, so
 * the tests can share one server.
 */
class IdempotencyTest {

    @RegisterExtension
    static final TwoStaffServer TEAM = new TwoStaffServer();

    private static long delta(JsonNode after, JsonNode before, String field) {
        return after.path(field).asLong() - before.path(field).asLong();
    }

    @Test
    void oneMessageSeenInTwoMailboxesIsStoredOnceWithTwoCopyOwners() {
        CaptureJson mail = CaptureJson.from("\"Kim Client\" <kim@client-one.example>").to("alice@unsilo.test", "bob@unsilo.test");
        JsonNode before = TEAM.server().stats();

        TestServer.Response first = TEAM.server().capture(TEAM.alice().token(), mail);
        TestServer.Response second = TEAM.server().capture(TEAM.bob().token(), mail);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(first.json().path("created").asBoolean()).isTrue();
        assertThat(second.json().path("created").asBoolean()).isFalse();
        assertThat(second.json().path("message").path("id").asLong()).isEqualTo(first.json().path("message").path("id").asLong());
        JsonNode after = TEAM.server().stats();
        assertThat(delta(after, before, "messages")).isEqualTo(1);
        assertThat(delta(after, before, "messageCopies")).isEqualTo(2);
        assertThat(delta(after, before, "contacts")).isEqualTo(1);
    }

    @Test
    void capturingTheSameMessageAgainChangesNothing() {
        CaptureJson mail = CaptureJson.from("lee@client-two.example").to("alice@unsilo.test").cc("max@client-two.example");
        TestServer.Response first = TEAM.server().capture(TEAM.alice().token(), mail);
        assertThat(first.status()).isEqualTo(201);
        JsonNode before = TEAM.server().stats();

        TestServer.Response again = TEAM.server().capture(TEAM.alice().token(), mail);

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("created").asBoolean()).isFalse();
        assertThat(again.json().path("message").path("id").asLong()).isEqualTo(first.json().path("message").path("id").asLong());
        // Counts, contacts, organisations and relationships all stay as they were.
        assertThat(TEAM.server().stats()).isEqualTo(before);
    }

    @Test
    void fiftyConcurrentIdenticalCapturesStoreOneMessage() throws Exception {
        CaptureJson mail = CaptureJson.from("rush@client-three.example").to("alice@unsilo.test", "bob@unsilo.test")
                .subject("Fifty at once");
        String[] tokens = {TEAM.alice().token(), TEAM.bob().token()};
        JsonNode before = TEAM.server().stats();

        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<TestServer.Response> responses = new ArrayList<>();
        try {
            // All threads wait at the gate so the requests really overlap on the server.
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<TestServer.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String token = tokens[i % 2];
                futures.add(pool.submit(() -> {
                    gate.await();
                    return TEAM.server().capture(token, mail);
                }));
            }
            gate.countDown();
            for (Future<TestServer.Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(responses).extracting(TestServer.Response::status).allSatisfy(s -> assertThat(s).isIn(200, 201));
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).extracting(r -> r.json().path("message").path("id").asLong()).containsOnly(
                responses.get(0).json().path("message").path("id").asLong());
        JsonNode after = TEAM.server().stats();
        assertThat(delta(after, before, "messages")).isEqualTo(1);
        assertThat(delta(after, before, "messageCopies")).isEqualTo(2);
        assertThat(delta(after, before, "contacts")).isEqualTo(1);
    }

    @Test
    void copiesWithDifferentMessageIdsButTheSameContentAreOneMessage() {
        // The Enron corpus files one mail under several Message-IDs (sent, _sent_mail, all_documents).
        Instant sent = Instant.parse("2001-05-14T16:39:00Z");
        CaptureJson inSent = CaptureJson.from("alice@unsilo.test").to("dana@client-four.example")
                .subject("Gas forecast").sentAt(sent).body("Numbers for May attached.")
                .messageId("<1.sent@mail.unsilo.test>");
        CaptureJson inAllDocuments = CaptureJson.from("alice@unsilo.test").to("dana@client-four.example")
                .subject("Gas forecast").sentAt(sent.plusSeconds(20)).body("Numbers for May  attached.\n")
                .messageId("<2.all-documents@mail.unsilo.test>");
        JsonNode before = TEAM.server().stats();

        TestServer.Response first = TEAM.server().capture(TEAM.alice().token(), inSent);
        TestServer.Response second = TEAM.server().capture(TEAM.bob().token(), inAllDocuments);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("message").path("id").asLong()).isEqualTo(first.json().path("message").path("id").asLong());
        JsonNode after = TEAM.server().stats();
        assertThat(delta(after, before, "messages")).isEqualTo(1);
        assertThat(delta(after, before, "messageCopies")).isEqualTo(2);

        // A different body is a different message, even with sender, recipients, minute and subject equal.
        TestServer.Response other = TEAM.server().capture(TEAM.alice().token(), CaptureJson.from("alice@unsilo.test")
                .to("dana@client-four.example").subject("Gas forecast").sentAt(sent).body("Revised numbers."));
        assertThat(other.status()).isEqualTo(201);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesADifferentBody() {
        CaptureJson mail = CaptureJson.from("ivy@client-five.example").to("alice@unsilo.test");
        Map<String, String> key = Map.of("Idempotency-Key", "retry-7f3a");

        TestServer.Response first = TEAM.server().post("/api/v1/captures", TEAM.alice().token(), mail.json(), key);
        JsonNode before = TEAM.server().stats();
        TestServer.Response replay = TEAM.server().post("/api/v1/captures", TEAM.alice().token(), mail.json(), key);

        assertThat(first.status()).isEqualTo(201);
        // Without the key a repeat would answer 200 created=false; the key replays the original 201.
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json()).isEqualTo(first.json());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");

        TestServer.Response reused = TEAM.server().post("/api/v1/captures", TEAM.alice().token(),
                CaptureJson.from("ivy@client-five.example").to("alice@unsilo.test").subject("Something else").json(), key);
        ProblemAssert.assertFieldError(reused, 422, "Idempotency-Key");
        assertThat(TEAM.server().stats()).isEqualTo(before);

        // Keys belong to their user: Bob's request with the same key is his own, not a replay of Alice's.
        TestServer.Response bobs = TEAM.server().post("/api/v1/captures", TEAM.bob().token(), mail.json(), key);
        assertThat(bobs.status()).isEqualTo(200);
        assertThat(bobs.json().path("created").asBoolean()).isFalse();
    }
}
