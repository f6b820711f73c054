package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.TestClock;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * Using the web view counts as using Unsilo in the adoption figures (DESIGN.md §6): the day of the sign-in, and
 * each further (UTC) day the same session is used on.
 */
class WebUseActivityTest {

    private static final String PASSWORD = "a web view user's password";
    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-03-05T20:00:00Z"));

    private static TestServer server;
    private static TestServer.Staff pia;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), CLOCK);
        pia = server.staff("pia@unsilo.test", "Pia", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Pia's activity, as (kind, UTC day) pairs in time order. */
    private static List<String> activity() {
        server.app().activity().flush();
        return server.app().db().read(h -> h.createQuery("SELECT kind, at FROM activity WHERE user_id = :id ORDER BY at, id")
                .bind("id", pia.id())
                .map((rs, ctx) -> rs.getString("kind") + " " + Instant.ofEpochMilli(rs.getLong("at")).toString().substring(0, 10))
                .list());
    }

    @Test
    void aSessionUsedOnANewDayMakesItAnActiveDayOnce() {
        WebClient web = WebClient.signedIn(server.url(""), "pia@unsilo.test", PASSWORD);
        CLOCK.advance(Duration.ofMinutes(30));
        assertThat(web.get("/contacts").status()).isEqualTo(200);
        assertThat(activity()).as("the sign-in's day only").containsExactly("web.login 2026-03-05");

        CLOCK.advance(Duration.ofHours(5));
        assertThat(web.get("/contacts").status()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(5));
        assertThat(web.get("/settings").status()).isEqualTo(200);
        assertThat(activity()).containsExactly("web.login 2026-03-05", "web 2026-03-06");
    }
}
