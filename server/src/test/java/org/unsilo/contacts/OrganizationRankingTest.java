package org.unsilo.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unsilo.common.Search;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestClock;
import org.unsilo.testing.TestServer;

/** The organisations page's full ranking: kept for a minute, then recomputed; searches are always live. */
class OrganizationRankingTest {

    private static List<String> domains(OrganizationService.Ranking ranking) {
        return ranking.organizations().stream().map(OrganizationService.Ranked::domain).toList();
    }

    private int sent;

    private void mail(TestServer server, TestServer.Staff from, String to, int times) {
        for (int i = 0; i < times; i++) {
            sent++;
            assertThat(server.capture(from.token(), CaptureJson.from(from.user().email()).to(to)
                    .subject("Mail " + sent + " to " + to)).status()).isIn(200, 201);
        }
    }

    @Test
    void theFullRankingIsKeptForAMinuteThenRecomputedWhileSearchesAreLive() throws Exception {
        TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (TestServer server = TestServer.start(Map.of(), clock)) {
            TestServer.Staff alice = server.staff("alice@unsilo.test", "Alice Staff");
            mail(server, alice, "ann@acme-one.com", 3);
            mail(server, alice, "bo@bravo-two.com", 1);
            OrganizationService organizations = server.app().organizations();

            OrganizationService.Ranking first = organizations.ranked(Search.ALL, "strength", 50);
            assertThat(domains(first)).containsExactly("acme-one.com", "bravo-two.com");
            assertThat(first.asOf()).isEqualTo(clock.instant());

            mail(server, alice, "bo@bravo-two.com", 5);
            clock.advance(Duration.ofSeconds(30));
            assertThat(organizations.ranked(Search.ALL, "strength", 50)).as("within the minute").isEqualTo(first);
            assertThat(domains(organizations.ranked(Search.containing("bravo"), "strength", 50))).as("a search is live")
                    .containsExactly("bravo-two.com");
            assertThat(organizations.ranked(Search.containing("o"), "strength", 50).asOf()).isEqualTo(clock.instant());

            // A minute old: the next request starts the recomputation (and gets the old ranking unless it is quick).
            clock.advance(Duration.ofSeconds(31));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            OrganizationService.Ranking next = organizations.ranked(Search.ALL, "strength", 50);
            while (next.equals(first) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                next = organizations.ranked(Search.ALL, "strength", 50);
            }
            assertThat(domains(next)).containsExactly("bravo-two.com", "acme-one.com");
            assertThat(next.asOf()).isEqualTo(clock.instant());

            clock.advance(Duration.ofMinutes(16));
            mail(server, alice, "cy@charlie-three.com", 9);
            assertThat(domains(organizations.ranked(Search.ALL, "strength", 50))).as("unused for 15 minutes: recomputed first")
                    .containsExactly("charlie-three.com", "bravo-two.com", "acme-one.com");
        }
    }
}
