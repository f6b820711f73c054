package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.RelationshipRow;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestClock;
import org.unsilo.testing.TestServer;

/**
 * A merge of a contact with a long history, and its undo, recompute the contacts' relationships from their messages
 * (DESIGN.md §6): the figures must be exactly those the captures gave, and those a full rebuild gives. A few hundred
 * generated messages in threads, captured in random order: replies both ways, several colleagues (one writing under an
 * alias, one who leaves before the merge), the person under three addresses (sometimes two on one message), messages
 * sent in the same second both ways, mail a colleague sent to themselves, private mail, and mail dated after its capture.
 */
class MergeReplayTest {

    private static final Instant T = Instant.parse("2026-03-10T09:00:00Z");
    private static final TestClock CLOCK = new TestClock(T);
    private static final List<String> PERSON = List.of("x1@acme.example", "x2@acme.example", "x3@acme.example");
    private static final List<String> OTHERS = List.of("y@other.example", "z@zed.example");
    private static TestServer server;
    private static List<RelationshipRow> captured;
    private static List<RelationshipRow> merged;
    private static List<RelationshipRow> rebuiltAfterMerge;
    private static List<RelationshipRow> undone;
    private static List<RelationshipRow> rebuiltAfterUndo;
    private static Set<Long> person;
    private static long target;

    private record Captured(TestServer.Staff by, CaptureJson message) {
    }

    @BeforeAll
    static void history() {
        server = TestServer.start(Map.of(), CLOCK);
        List<TestServer.Staff> staff = List.of(server.staff("alice@unsilo.test", "Alice"), server.staff("bob@unsilo.test", "Bob"),
                server.staff("carol@unsilo.test", "Carol"), server.staff("dave@unsilo.test", "Dave"));
        server.app().users().addAlias(staff.get(0).id(), "a.staff@unsilo.test");
        // Alice's alias last: its index modulo the staff count is hers.
        List<String> staffAddresses = List.of("alice@unsilo.test", "bob@unsilo.test", "carol@unsilo.test", "dave@unsilo.test",
                "a.staff@unsilo.test");
        List<String> contacts = new ArrayList<>(PERSON);
        contacts.addAll(OTHERS);
        Random random = new Random(42);
        List<Captured> mail = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            // Hours, not milliseconds, apart: many messages share their second, in a thread and across threads.
            Instant sent = T.minus(Duration.ofHours(random.nextInt(400)));
            if (i % 40 == 0) {
                sent = T.plus(Duration.ofDays(2));
            }
            boolean staffWrites = random.nextBoolean();
            int writer = random.nextInt(staffWrites ? staffAddresses.size() : contacts.size());
            String from = staffWrites ? staffAddresses.get(writer) : contacts.get(writer);
            CaptureJson c = CaptureJson.from(from).threadId("t" + random.nextInt(12)).sentAt(sent);
            List<String> to = new ArrayList<>();
            List<String> cc = new ArrayList<>();
            for (String a : staffAddresses) {
                double p = random.nextDouble();
                (p < 0.2 ? to : p < 0.3 ? cc : new ArrayList<String>()).add(a);
            }
            for (String a : contacts) {
                double p = random.nextDouble();
                (p < 0.2 ? to : p < 0.3 ? cc : new ArrayList<String>()).add(a);
            }
            if (!staffWrites && to.stream().noneMatch(staffAddresses::contains)) {
                to.add(staffAddresses.get(random.nextInt(4)));
            }
            c.to(to.toArray(String[]::new)).cc(cc.toArray(String[]::new));
            if (i % 17 == 0) {
                c.markPrivate();
            }
            String capturer = staffWrites ? from : to.stream().filter(staffAddresses::contains).findFirst().orElseThrow();
            mail.add(new Captured(staff.get(staffAddresses.indexOf(capturer) % staff.size()), c));
        }
        Collections.shuffle(mail, new Random(3));
        for (Captured c : mail) {
            TestServer.Response r = server.capture(c.by().token(), c.message());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            CLOCK.advance(Duration.ofMinutes(7));
        }
        captured = StoredFigures.of(server);
        server.app().leavers().depart(server.admin().id(), staff.get(2).id());
        target = contactId(staff.get(0), PERSON.get(0));
        person = Set.of(target, contactId(staff.get(0), PERSON.get(1)), contactId(staff.get(0), PERSON.get(2)));

        CLOCK.advance(Duration.ofDays(1));
        List<Long> mergeIds = server.app().contacts().mergeUndoable(server.admin().id(), target,
                List.of(contactId(staff.get(0), PERSON.get(1)), contactId(staff.get(0), PERSON.get(2)))).orElseThrow().mergeIds();
        merged = StoredFigures.of(server);
        server.app().relationships().rebuild();
        rebuiltAfterMerge = StoredFigures.of(server);
        CLOCK.advance(Duration.ofDays(1));
        server.app().web().mergeUndo().undo(server.admin().id(), mergeIds);
        undone = StoredFigures.of(server);
        server.app().relationships().rebuild();
        rebuiltAfterUndo = StoredFigures.of(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long contactId(TestServer.Staff by, String address) {
        return server.lookup(by.token(), address).json().path("results").get(0).path("contact").path("id").asLong();
    }

    @Test
    void theMergedContactCountsAMessageWithSeveralOfItsAddressesOnce() {
        List<RelationshipRow> before = ofPerson(captured);
        List<RelationshipRow> after = ofPerson(merged);
        assertThat(after).extracting(RelationshipRow::contactId).containsOnly(target);
        assertThat(after).hasSize(4);
        assertThat(after.stream().mapToInt(RelationshipRow::messageCount).sum())
                .isLessThan(before.stream().mapToInt(RelationshipRow::messageCount).sum());
    }

    @Test
    void aMergeGivesExactlyWhatARebuildGives() {
        // Both replay the person's messages in the same order: to the last bit, not only nearly. The other contacts' rows
        // are the captures' after the merge, and the rebuild's after it.
        assertSame(merged, rebuiltAfterMerge);
        assertThat(ofPerson(merged)).isEqualTo(ofPerson(rebuiltAfterMerge));
    }

    @Test
    void anUndoGivesBackWhatTheCapturesGave() {
        assertSame(undone, captured);
        assertSame(undone, rebuiltAfterUndo);
        assertThat(ofPerson(undone)).isEqualTo(ofPerson(rebuiltAfterUndo));
    }

    private static List<RelationshipRow> ofPerson(List<RelationshipRow> rows) {
        return rows.stream().filter(r -> person.contains(r.contactId())).toList();
    }

    private static void assertSame(List<RelationshipRow> actual, List<RelationshipRow> expected) {
        StoredFigures.assertSame(actual, expected, 1e-12);
    }
}
