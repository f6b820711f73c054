package org.unsilo.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.RankedOrganizationRow;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;

/** The organisations list without a search (one pass over relationships) ranks exactly as the per-organisation query. */
class OrganizationRankingTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private static TestServer server;

    @BeforeAll
    static void seed() {
        server = TestServer.start();
        TestServer.Staff alice = server.staff("alice@unsilo.test", "Alice Staff");
        TestServer.Staff bob = server.staff("bob@unsilo.test", "Bob Staff");
        write(alice, "ann@big-corp.example", 6, 3);
        write(bob, "ann@big-corp.example", 2, 40);
        write(alice, "bo@big-corp.example", 3, 10);
        write(bob, "cy@mid-corp.example", 4, 1);
        write(alice, "di@small-corp.example", 1, 300);
        write(alice, "dup@small-corp.example", 1, 200);
        // A merged contact's organisation keeps only live people in its count.
        long target = contactId("di@small-corp.example");
        long source = contactId("dup@small-corp.example");
        assertThat(server.app().contacts().merge(server.admin().id(), target, List.of(source))).isPresent();
        // An organisation whose person nobody wrote to ranks after those with relationships.
        long quiet = server.app().db().write(h -> h.attach(OrganizationDao.class).insert("Quiet Corp", "quiet-corp.example", null,
                NOW.toEpochMilli())).orElseThrow();
        assertThat(server.app().contacts().create(server.admin().id(), new ContactService.Edit("Eve", null, quiet, null,
                List.of("eve@quiet-corp.example")))).isNotNull();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void write(TestServer.Staff who, String to, int count, int daysAgo) {
        for (int i = 0; i < count; i++) {
            TestServer.Response r = server.capture(who.token(), CaptureJson.from(who.user().email()).to(to)
                    .sentAt(NOW.minus(daysAgo + 7L * i, ChronoUnit.DAYS)));
            assertThat(r.status()).as(r.body()).isIn(200, 201);
        }
    }

    private static long contactId(String address) {
        return server.app().contacts().search(org.unsilo.http.Requests.likePattern(address), 0, 0, 2).get(0).id();
    }

    @Test
    void everySortMatchesThePerOrganisationQuery() {
        for (String sort : List.of("strength", "recent", "name")) {
            for (int limit : List.of(2, 50)) {
                List<RankedOrganizationRow> onePass = server.app().db().read(h -> h.attach(OrganizationDao.class).rankedAll(sort, limit));
                List<RankedOrganizationRow> perOrg = server.app().db().read(h -> h.attach(OrganizationDao.class).ranked("", sort, limit));
                assertThat(onePass).as(sort + " " + limit).hasSize(Math.min(limit, perOrg.size()));
                for (int i = 0; i < perOrg.size(); i++) {
                    RankedOrganizationRow a = onePass.get(i);
                    RankedOrganizationRow b = perOrg.get(i);
                    assertThat(a.id()).as(sort + " #" + i).isEqualTo(b.id());
                    // Summed in another order: equal up to rounding (scores are large, at a fixed reference epoch).
                    assertThat(a.score()).as(sort + " #" + i).isCloseTo(b.score(), withPercentage(1e-9));
                    assertThat(a.lastAt()).isEqualTo(b.lastAt());
                    assertThat(a.contacts()).isEqualTo(b.contacts());
                }
            }
        }
        List<OrganizationService.Ranked> ranked = server.app().organizations().ranked("", "strength", 50);
        assertThat(ranked.stream().map(OrganizationService.Ranked::domain).toList())
                .startsWith("big-corp.example", "mid-corp.example", "small-corp.example").endsWith("quiet-corp.example");
        assertThat(ranked.get(0).contacts()).isEqualTo(2);
        assertThat(ranked.stream().filter(r -> r.domain().equals("small-corp.example")).findFirst().orElseThrow().contacts())
                .as("the merged duplicate is not counted").isEqualTo(1);
        assertThat(ranked.get(ranked.size() - 1).lastContactAt()).isNull();
    }
}
