package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * The relationship figures after a realistic history (DESIGN.md §6): captures in random order by whoever had the
 * message, replies, CCs, a private message, a colleague writing under an alias, copies captured twice, a merge of two
 * addresses of one person, a colleague who left, and a message dated a little ahead; then a full rebuild, a month on.
 */
class RelationshipFiguresTest {

    private static final Instant T = Instant.parse("2026-03-10T09:00:00Z");
    private static final TestClock CLOCK = new TestClock(T);
    private static TestServer server;
    private static TestServer.Staff alice;
    private static List<RelationshipRow> incremental;
    private static List<RelationshipRow> rebuilt;

    private record Captured(TestServer.Staff by, CaptureJson message) {
    }

    @BeforeAll
    static void history() {
        server = TestServer.start(Map.of(), CLOCK);
        alice = server.staff("alice@unsilo.test", "Alice");
        TestServer.Staff bob = server.staff("bob@unsilo.test", "Bob");
        TestServer.Staff carol = server.staff("carol@unsilo.test", "Carol");
        server.app().users().addAlias(alice.id(), "a.staff@unsilo.test");
        List<Captured> mail = new ArrayList<>(List.of(
                // John writes from two addresses, merged below; one message went to both.
                new Captured(alice, mail("alice@unsilo.test", "t3", 10).to("john@acme.example")),
                new Captured(alice, mail("jsmith@acme.example", "t3", 9).to("alice@unsilo.test")),
                new Captured(alice, mail("alice@unsilo.test", "t3", 8).to("john@acme.example", "jsmith@acme.example")),
                // Dan writes to Alice under both her addresses, Bob in Cc; Bob captures Alice's answer.
                new Captured(alice, mail("dan@deal.example", "t1", 5).to("alice@unsilo.test", "a.staff@unsilo.test").cc("bob@unsilo.test")),
                new Captured(bob, mail("alice@unsilo.test", "t1", 4).to("dan@deal.example").cc("carol@unsilo.test")),
                new Captured(alice, mail("dan@deal.example", "t1", 3).to("alice@unsilo.test")),
                new Captured(bob, mail("bob@unsilo.test", "t2", 21).to("erin@e.example")),
                new Captured(bob, mail("erin@e.example", "t2", 20).to("bob@unsilo.test").cc("alice@unsilo.test").markPrivate()),
                new Captured(carol, mail("carol@unsilo.test", "t4", 50).to("frank@f.example")),
                new Captured(carol, mail("frank@f.example", "t4", 49).to("carol@unsilo.test").cc("alice@unsilo.test"))));
        Collections.shuffle(mail, new Random(7));
        for (Captured c : mail) {
            capture(c.by(), c.message(), 201);
            CLOCK.advance(Duration.ofHours(5));
        }
        // The same messages captured again by a colleague who has them too.
        capture(bob, mail.get(0).message(), 200);
        capture(alice, mail.get(1).message(), 200);

        long john = contactId("john@acme.example");
        server.app().contacts().merge(server.admin().id(), john, List.of(contactId("jsmith@acme.example")));
        server.app().leavers().depart(server.admin().id(), carol.id());
        capture(alice, mail("frank@f.example", "t4", 48).to("carol@unsilo.test").cc("alice@unsilo.test"), 201);
        // A sender's clock a day fast: it counts as of its capture, today and after any rebuild.
        capture(alice, CaptureJson.from("alice@unsilo.test").to("gina@g.example").sentAt(CLOCK.instant().plus(Duration.ofDays(1))), 201);

        CLOCK.advance(Duration.ofDays(30));
        incremental = StoredFigures.of(server);
        server.app().relationships().rebuild();
        rebuilt = StoredFigures.of(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CaptureJson mail(String from, String thread, int daysBefore) {
        return CaptureJson.from(from).threadId(thread).sentAt(T.minus(Duration.ofDays(daysBefore)));
    }

    private static void capture(TestServer.Staff by, CaptureJson c, int status) {
        TestServer.Response r = server.capture(by.token(), c);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
    }

    private static long contactId(String address) {
        return server.lookup(alice.token(), address).json().path("results").get(0).path("contact").path("id").asLong();
    }

    private static RelationshipRow pair(List<RelationshipRow> rows, long userId, String address) {
        long contact = contactId(address);
        return rows.stream().filter(r -> r.userId() == userId && r.contactId() == contact).findFirst().orElseThrow();
    }

    @Test
    void aRebuildGivesWhatTheCapturesGave() {
        StoredFigures.assertSame(rebuilt, incremental, 1e-9);
    }

    @Test
    void aMessageCountsOnceForAPersonWhateverTheirAddressesOnIt() {
        Strength s = new Strength(server.app().config().strengthHalfLife());
        long now = CLOCK.millis();
        for (List<RelationshipRow> rows : List.of(incremental, rebuilt)) {
            // Three messages with John: two sent (one to both his addresses), one answered from his other address.
            RelationshipRow john = pair(rows, alice.id(), "john@acme.example");
            assertThat(List.of(john.messageCount(), john.sentCount(), john.receivedCount())).isEqualTo(List.of(3, 2, 1));
            double expected = s.score(1.0, day(10), now) + s.score(0.6 + 0.5, day(9), now) + s.score(1.0 + 0.5, day(8), now);
            assertThat(john.score()).isCloseTo(expected, within(expected * 1e-9));
            // Dan wrote to both of Alice's addresses: she was in To of one message, once.
            RelationshipRow dan = pair(rows, alice.id(), "dan@deal.example");
            assertThat(List.of(dan.messageCount(), dan.sentCount(), dan.receivedCount())).isEqualTo(List.of(3, 1, 2));
            expected = s.score(0.6, day(5), now) + s.score(1.0 + 0.5, day(4), now) + s.score(0.6 + 0.5, day(3), now);
            assertThat(dan.score()).isCloseTo(expected, within(expected * 1e-9));
        }
    }

    private static long day(int daysBefore) {
        return T.minus(Duration.ofDays(daysBefore)).toEpochMilli();
    }
}
