package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/** Settings → Password: a person replaces their own password, which needs the current one and ends their other sessions. */
class PasswordChangeTest {

    private static final String FIRST = "first password here";
    private static final String SECOND = "a better pass phrase";

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.staff("pia@unsilo.test", "Pia", FIRST);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient signedIn(String password) {
        return WebClient.signedIn(server.url(""), "pia@unsilo.test", password);
    }

    @Test
    void aPersonChangesTheirOwnPasswordWithTheCurrentOne() {
        WebClient here = signedIn(FIRST);
        WebClient elsewhere = signedIn(FIRST);
        assertThat(here.get("/settings").body()).contains("id=\"password\"", "autocomplete=\"current-password\"");

        WebClient.Page wrong = here.post("/settings/password", Map.of("current", "not it at all", "password", SECOND, "repeat", SECOND));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("the current password is not right");
        WebClient.Page differ = here.post("/settings/password", Map.of("current", FIRST, "password", SECOND, "repeat", SECOND + "!"));
        assertThat(differ.body()).contains("differ");
        WebClient.Page tooShort = here.post("/settings/password", Map.of("current", FIRST, "password", "short", "repeat", "short"));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("at least 10 characters");
        assertThat(new WebClient(server.url("")).login("pia@unsilo.test", FIRST).status()).as("still the first").isEqualTo(303);

        WebClient.Page changed = here.post("/settings/password", Map.of("current", FIRST, "password", SECOND, "repeat", SECOND));
        assertThat(changed.status()).isEqualTo(303);
        assertThat(here.get(changed.location().replace(server.url(""), "")).body()).contains("Password changed.");

        assertThat(elsewhere.get("/settings").status()).as("the other session has ended").isEqualTo(303);
        assertThat(new WebClient(server.url("")).login("pia@unsilo.test", FIRST).status()).isNotEqualTo(303);
        signedIn(SECOND);
    }
}
