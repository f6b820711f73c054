package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;

/** Cooling pairs for several colleagues at once, strongest first and cut at a limit (the web view's team page). */
class CoolingTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static TestServer server;
    private static TestServer.Staff alice;
    private static TestServer.Staff bob;

    @BeforeAll
    static void seed() {
        server = TestServer.start();
        alice = server.staff("alice@unsilo.test", "Alice Staff");
        bob = server.staff("bob@unsilo.test", "Bob Staff");
        weekly(alice, "fading.big@cooling.example", 10, NOW.minus(100, ChronoUnit.DAYS));
        weekly(alice, "fading.small@cooling.example", 4, NOW.minus(80, ChronoUnit.DAYS));
        weekly(alice, "steady@cooling.example", 8, NOW.minus(2, ChronoUnit.DAYS));
        weekly(bob, "fading.mid@cooling.example", 6, NOW.minus(90, ChronoUnit.DAYS));
        // Shared with Alice, but Bob's own pattern is what counts for Bob: two messages are too few to judge.
        weekly(bob, "fading.big@cooling.example", 2, NOW.minus(100, ChronoUnit.DAYS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void weekly(TestServer.Staff who, String to, int count, Instant last) {
        for (int i = 0; i < count; i++) {
            TestServer.Response r = server.capture(who.token(), CaptureJson.from(who.user().email()).to(to)
                    .sentAt(last.minus(7L * i, ChronoUnit.DAYS)));
            assertThat(r.status()).as(r.body()).isIn(200, 201);
        }
    }

    private static List<String> pairs(List<RelationshipService.Cooling> rows) {
        return rows.stream().map(c -> c.relationship().userId() + ":" + server.app().contacts().byIds(List.of(c.relationship().contactId()))
                .get(0).emails().get(0)).toList();
    }

    @Test
    void theTeamSeesEveryonesCoolingPairsStrongestFirstAndAtMostTheLimit() {
        RelationshipService relationships = server.app().relationships();
        List<RelationshipService.Cooling> team = relationships.cooling(List.of(alice.id(), bob.id()), 10);
        assertThat(pairs(team)).containsExactlyInAnyOrder(alice.id() + ":fading.big@cooling.example",
                alice.id() + ":fading.small@cooling.example", bob.id() + ":fading.mid@cooling.example");
        assertThat(team).isSortedAccordingTo(Comparator.comparingDouble((RelationshipService.Cooling c) -> c.relationship().score())
                .reversed());
        assertThat(team).allSatisfy(c -> assertThat(c.medianGapMillis()).isEqualTo(ChronoUnit.WEEKS.getDuration().toMillis()));

        List<RelationshipService.Cooling> each = new ArrayList<>(relationships.cooling(alice.id()));
        each.addAll(relationships.cooling(bob.id()));
        each.sort(Comparator.comparingDouble((RelationshipService.Cooling c) -> c.relationship().score()).reversed());
        assertThat(pairs(team)).as("the same as each colleague's own list, merged").isEqualTo(pairs(each));

        assertThat(pairs(relationships.cooling(List.of(alice.id(), bob.id()), 2))).isEqualTo(pairs(team).subList(0, 2));
        assertThat(relationships.cooling(List.of(), 10)).isEmpty();
    }
}
