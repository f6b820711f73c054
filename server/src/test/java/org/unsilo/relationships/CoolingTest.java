package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.TwoStaffServer;

/** Cooling pairs for several colleagues at once, strongest first and cut at a limit (the web view's team page). */
class CoolingTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @RegisterExtension
    static final TwoStaffServer TEAM = new TwoStaffServer();

    @BeforeAll
    static void seed() {
        weekly(TEAM.alice(), "fading.big@cooling.example", 10, NOW.minus(100, ChronoUnit.DAYS));
        weekly(TEAM.alice(), "fading.small@cooling.example", 4, NOW.minus(80, ChronoUnit.DAYS));
        weekly(TEAM.alice(), "steady@cooling.example", 8, NOW.minus(2, ChronoUnit.DAYS));
        weekly(TEAM.bob(), "fading.mid@cooling.example", 6, NOW.minus(90, ChronoUnit.DAYS));
        // Shared with Alice, but Bob's own pattern is what counts for Bob: two messages are too few to judge.
        weekly(TEAM.bob(), "fading.big@cooling.example", 2, NOW.minus(100, ChronoUnit.DAYS));
        // One afternoon's thread long ago, however many messages: no habit of writing, so nothing to cool.
        for (int i = 0; i < 5; i++) {
            TestServer.Response r = TEAM.server().capture(TEAM.alice().token(), CaptureJson.from(TEAM.alice().user().email())
                    .to("one.afternoon@cooling.example").sentAt(NOW.minus(100, ChronoUnit.DAYS).plus(20L * i, ChronoUnit.MINUTES)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }


    private static void weekly(TestServer.Staff who, String to, int count, Instant last) {
        for (int i = 0; i < count; i++) {
            TestServer.Response r = TEAM.server().capture(who.token(), CaptureJson.from(who.user().email()).to(to)
                    .sentAt(last.minus(7L * i, ChronoUnit.DAYS)));
            assertThat(r.status()).as(r.body()).isIn(200, 201);
        }
    }

    private static List<String> pairs(List<RelationshipService.Cooling> rows) {
        return rows.stream().map(c -> c.relationship().userId() + ":" + TEAM.server().app().contacts().byIds(List.of(c.relationship().contactId()))
                .get(0).emails().get(0)).toList();
    }

    @Test
    void theTeamSeesEveryonesCoolingPairsStrongestFirstAndAtMostTheLimit() {
        RelationshipService relationships = TEAM.server().app().relationships();
        List<RelationshipService.Cooling> team = relationships.cooling(List.of(TEAM.alice().id(), TEAM.bob().id()), 10);
        assertThat(pairs(team)).containsExactlyInAnyOrder(TEAM.alice().id() + ":fading.big@cooling.example",
                TEAM.alice().id() + ":fading.small@cooling.example", TEAM.bob().id() + ":fading.mid@cooling.example");
        assertThat(team).isSortedAccordingTo(Comparator.comparingDouble((RelationshipService.Cooling c) -> c.relationship().score())
                .reversed());
        assertThat(team).allSatisfy(c -> assertThat(c.medianGapMillis()).isEqualTo(ChronoUnit.WEEKS.getDuration().toMillis()));

        List<RelationshipService.Cooling> each = new ArrayList<>(relationships.cooling(TEAM.alice().id()));
        each.addAll(relationships.cooling(TEAM.bob().id()));
        each.sort(Comparator.comparingDouble((RelationshipService.Cooling c) -> c.relationship().score()).reversed());
        assertThat(pairs(team)).as("the same as each colleague's own list, merged").isEqualTo(pairs(each));

        assertThat(pairs(relationships.cooling(List.of(TEAM.alice().id(), TEAM.bob().id()), 2))).isEqualTo(pairs(team).subList(0, 2));
        assertThat(relationships.cooling(List.of(), 10)).isEmpty();
    }
}
