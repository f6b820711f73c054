package org.unsilo.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestClock;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/** The dashboard's adoption figures (DESIGN.md §6) as a manager reads them, against activity at known times. */
class AdoptionTest {

    private static final String PASSWORD = "correct horse battery";
    /** A Thursday, noon UTC: "the last 7 days" run from Friday 2026-02-27, inside a week that began on Monday the 23rd. */
    private static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");
    private static final Pattern ROW = Pattern.compile("<tr><th scope=\"row\">([^<]*)</th><td>(\\d+)</td><td>([\\d.]+)(?: each)?</td>"
            + "<td>(\\d+)</td><td>(\\d+)</td></tr>");

    private static final TestClock CLOCK = new TestClock(NOW.minus(Duration.ofDays(20)));
    private static TestServer server;

    @BeforeAll
    static void seed() {
        server = TestServer.start(Map.of(), CLOCK);
        TestServer.Staff alice = server.staff("alice@unsilo.test", "Alice");
        TestServer.Staff bob = server.staff("bob@unsilo.test", "Bob");
        TestServer.Staff erin = server.staff("erin@unsilo.test", "Erin");
        TestServer.Staff dave = server.staff("dave@unsilo.test", "Dave");
        server.app().passwords().set(null, server.admin().id(), PASSWORD);
        // Twenty days ago (captures through the API count as use): mail with three contacts lately, one long ago.
        Instant recent = NOW.minus(Duration.ofDays(21));
        capture(alice, CaptureJson.from("alice@unsilo.test").to("a1@client.example").sentAt(recent));
        capture(alice, CaptureJson.from("alice@unsilo.test").to("a2@client.example").sentAt(recent));
        capture(alice, CaptureJson.from("alice@unsilo.test").to("a3@client.example").sentAt(NOW.minus(Duration.ofDays(60))));
        capture(bob, CaptureJson.from("bob@unsilo.test").to("b1@client.example").sentAt(recent));
        // Alice captures and looks up every day of the last ten; Bob once, eight days ago (before the 7-day period, in its
        // first week); Erin, who has since left, looked something up three days ago; Dave, who left too, did nothing.
        for (int daysAgo = 9; daysAgo >= 0; daysAgo--) {
            CLOCK.advance(Duration.between(CLOCK.instant(), NOW.minus(Duration.ofDays(daysAgo))));
            server.app().activity().record(alice.id(), "capture", null, "api");
            server.app().activity().record(alice.id(), "lookup", null, "1");
            if (daysAgo == 8) {
                server.app().activity().record(bob.id(), "capture", null, "api");
            }
            if (daysAgo == 3) {
                server.app().activity().record(erin.id(), "lookup", null, "1");
            }
        }
        server.app().activity().flush();
        server.app().leavers().depart(server.admin().id(), erin.id());
        server.app().leavers().depart(server.admin().id(), dave.id());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void capture(TestServer.Staff who, CaptureJson c) {
        TestServer.Response r = server.capture(who.token(), c);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static String dashboard(String query) {
        WebClient web = WebClient.signedIn(server.url(""), server.admin().email(), PASSWORD);
        server.app().activity().flush();
        WebClient.Page page = web.get("/" + query);
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }

    /** The use table: "name days perWeek captures lookups" per row, the team's line last (per week: per colleague). */
    private static List<String> usage(String page) {
        String table = page.substring(page.indexOf("<table id=\"usage\">"));
        table = table.substring(0, table.indexOf("</table>"));
        List<String> rows = new ArrayList<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            rows.add(String.join(" ", m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)));
        }
        return rows;
    }

    @Test
    void useInThePeriodCountsItsDaysOnlyAndListsColleaguesWhoDidNothing() {
        // The admin signing in to read the page is a day of use too.
        assertThat(usage(dashboard("?days=7"))).containsExactly(
                "Alice 7 7.0 7 7",
                "Ada Admin 1 1.0 0 0",
                "Erin (left) 1 1.0 0 1",
                "Bob 0 0.0 0 0",
                "Team (4 colleagues) 9 2.3 7 8");

        // Thirty days: Alice's ten days and her day of API captures (three), Bob's two days.
        assertThat(usage(dashboard("?days=30"))).containsExactly(
                "Alice 11 2.6 13 10",
                "Bob 2 0.5 2 0",
                "Ada Admin 1 0.2 0 0",
                "Erin (left) 1 0.2 0 1",
                "Team (4 colleagues) 15 0.9 15 11");
    }

    @Test
    void oneColleaguesUseAndShareOfTheirContactsInTouch() {
        long alice = server.app().users().list(0, 50).stream().filter(u -> u.email().equals("alice@unsilo.test")).findFirst()
                .orElseThrow().id();
        String page = dashboard("?days=7&user=" + alice);
        assertThat(usage(page)).containsExactly("Alice 7 7.0 7 7");
        // Two of the three contacts Alice has mail with were in touch in the last 30 days; everyone's: three of four.
        assertThat(page).contains("share of their 3 contacts</dt><dd>2 (67 %)</dd>");
        assertThat(dashboard("?days=7")).contains("share of all contacts</dt><dd>3 (75 %)</dd>");

        Adoption.Report report = new Adoption(server.app().db(), server.app().clock()).report(7, alice);
        assertThat(report.usage()).containsOnlyKeys(alice);
        assertThat(report.capturesPerWeek()).extracting(Adoption.Point::label).containsExactly("2026-02-23", "2026-03-02");
    }
}
