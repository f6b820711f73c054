package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * The pages that list or choose among all colleagues (leavers, the dashboard's use per colleague, the team's cooling
 * relationships) in a firm of more than 500 people: the colleagues added last are there too. Users and roles pages
 * through them ({@link UsersAndRolesPageTest}).
 */
class LargeTeamPagesTest {

    private static final String PASSWORD = "the admin's own password";
    private static final int TEAM = 520;

    private static TestServer server;
    private static WebClient admin;
    private static long leaver;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        for (int i = 1; i < TEAM; i++) {
            server.app().users().create(server.admin().id(), String.format("staff%03d@unsilo.test", i), "Staff " + i, "member");
        }
        TestServer.Staff last = server.staff("zoe.last@unsilo.test", "Zoe Last");
        // Mail on three days, 50 days apart, the last 100 days ago: a relationship gone quiet for twice its usual gap.
        Instant lastMail = Instant.now().minus(100, ChronoUnit.DAYS);
        for (int i = 0; i < 3; i++) {
            assertThat(server.capture(last.token(), CaptureJson.from("Zoe Last <zoe.last@unsilo.test>")
                    .toParty("quinn@quiet-client.example", "Quinn Quiet").sentAt(lastMail.minus(50L * i, ChronoUnit.DAYS)))
                    .status()).isEqualTo(201);
        }
        // A colleague who wrote to more people than the hand-over page holds, then left.
        TestServer.Staff busy = server.staff("bo.busy@unsilo.test", "Bo Busy");
        for (int batch = 0; batch < 2; batch++) {
            String[] to = new String[260];
            for (int i = 0; i < to.length; i++) {
                to[i] = String.format("client%03d@busy-clients.example", batch * to.length + i);
            }
            assertThat(server.capture(busy.token(), CaptureJson.from("bo.busy@unsilo.test").to(to)).status()).isEqualTo(201);
        }
        leaver = busy.id();
        server.app().leavers().depart(server.admin().id(), leaver);
        admin = server.signedInAdmin(PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void leaversOffersEveryColleague() {
        assertThat(admin.get("/leavers").body()).contains("Zoe Last");
    }

    @Test
    void aLeaverWithMoreRelationshipsThanAPageIsHandedOverPageByPage() {
        WebClient.Page first = admin.get("/leavers/" + leaver);
        assertThat(first.body()).contains("id=\"more\"");
        List<String> shown = ticked(first.body());
        assertThat(shown).hasSize(500);
        WebClient.Page handed = admin.postAll("/leavers/" + leaver + "/handover",
                Map.of("to", String.valueOf(server.admin().id())), "contact", shown);
        assertThat(handed.status()).isEqualTo(303);
        List<String> next = ticked(admin.get("/leavers/" + leaver).body());
        assertThat(next).as("the 20 not handed over yet come first, ticked").hasSize(20).doesNotContainAnyElementsOf(shown);
    }

    /** The contacts a hand-over page ticks: those not handed over yet. */
    private static List<String> ticked(String page) {
        return Pattern.compile("name=\"contact\" value=\"(\\d+)\"[^>]*checked").matcher(page).results()
                .map(m -> m.group(1)).toList();
    }

    @Test
    void theDashboardCountsEveryColleague() {
        assertThat(admin.get("/").body()).contains("Zoe Last");
    }

    @Test
    void theTeamsCoolingRelationshipsIncludeTheColleaguesAddedLast() {
        assertThat(admin.get("/cooling?scope=team").body()).contains("Quinn Quiet", "Zoe Last");
    }
}
