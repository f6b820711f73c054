package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.RelationshipRow;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestClock;
import org.unsilo.testing.TestServer;

/**
 * A rebuild replays a few hundred contacts at a time, so that its memory does not grow with the database: across
 * more than a couple of batches (1,200 contacts), with threads that run over a batch's edge, it must give exactly what
 * the captures gave, for every pair.
 */
class RebuildInBatchesTest {

    private static final Instant T = Instant.parse("2026-03-10T09:00:00Z");
    private static final TestClock CLOCK = new TestClock(T);
    private static final int CONTACTS = 1_200;
    private static TestServer server;
    private static List<RelationshipRow> captured;
    private static List<RelationshipRow> rebuilt;

    @BeforeAll
    static void history() {
        server = TestServer.start(Map.of(), CLOCK);
        TestServer.Staff alice = server.staff("alice@unsilo.test", "Alice");
        TestServer.Staff bob = server.staff("bob@unsilo.test", "Bob");
        List<CaptureJson> mail = new ArrayList<>();
        Random random = new Random(5);
        // Alice writes to a hundred people at once, Bob in Cc; some answer, and she answers some of them again.
        for (int first = 0; first < CONTACTS; first += 100) {
            String thread = "t" + first;
            List<String> people = new ArrayList<>();
            for (int i = first; i < first + 100; i++) {
                people.add("p" + i + "@client" + (i % 7) + ".example");
            }
            mail.add(CaptureJson.from("alice@unsilo.test").threadId(thread).sentAt(T.minus(Duration.ofDays(30)))
                    .to(people.toArray(String[]::new)).cc("bob@unsilo.test"));
            for (String person : people) {
                if (random.nextInt(4) == 0) {
                    int day = 1 + random.nextInt(28);
                    mail.add(CaptureJson.from(person).threadId(thread).sentAt(T.minus(Duration.ofDays(day))).to("alice@unsilo.test"));
                    if (random.nextBoolean()) {
                        mail.add(CaptureJson.from("alice@unsilo.test").threadId(thread).sentAt(T.minus(Duration.ofDays(day - 1)))
                                .to(person).cc("bob@unsilo.test"));
                    }
                }
            }
        }
        // In any order: a reply may be captured before what it answers.
        Collections.shuffle(mail, new Random(9));
        for (CaptureJson c : mail) {
            TestServer.Response r = server.capture(random.nextBoolean() ? alice.token() : bob.token(), c);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        CLOCK.advance(Duration.ofDays(3));
        captured = StoredFigures.of(server);
        server.app().relationships().rebuild();
        rebuilt = StoredFigures.of(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyPairOfEveryBatchIsAsTheCapturesGaveIt() {
        // Alice and Bob each know every one of them.
        assertThat(captured).hasSize(2 * CONTACTS);
        // Captured in another order than the rebuild adds them: the same sums, up to rounding.
        StoredFigures.assertSame(rebuilt, captured, 1e-9);
    }
}
