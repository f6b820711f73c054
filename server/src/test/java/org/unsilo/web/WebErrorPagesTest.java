package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/** What a person sees when something goes wrong in the web view: pages in HTML, with their navigation, saying why. */
class WebErrorPagesTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Map<String, String> BROWSER = Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.staff("max@unsilo.test", "Max Member", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient signedIn() {
        return WebClient.signedIn(server.url(""), "max@unsilo.test", PASSWORD);
    }

    @Test
    void aMistypedAddressGetsAPageInABrowserAndProblemJsonElsewhere() {
        WebClient web = signedIn();
        WebClient.Page page = web.get("/contacts-typo", BROWSER);
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("There is no page at /contacts-typo.", "Sign out", "href=\"/contacts\"");
        assertThat(page.header("Content-Security-Policy")).isNotBlank();

        WebClient.Page anonymous = new WebClient(server.url("")).get("/nope", BROWSER);
        assertThat(anonymous.status()).isEqualTo(404);
        assertThat(anonymous.body()).contains("There is no page at /nope.").doesNotContain("Sign out");

        assertThat(web.get("/contacts-typo").header("Content-Type")).as("no Accept: a program").startsWith("application/problem+json");
        assertThat(web.get("/api/v1/nope", BROWSER).header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aRefusedPageKeepsTheNavigationAndSaysWhy() {
        WebClient web = signedIn();
        web.get("/contacts");
        WebClient.Page admin = web.get("/admin/users", Map.of("Referer", server.url("/contacts")));
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.body()).contains("Not allowed", "This page is for admins.", "Sign out", "href=\"/contacts\" id=\"back\"");

        WebClient.Page stale = web.postRaw("/settings/privacy", Map.of("_csrf", "stale", "domain", "bank.example"));
        assertThat(stale.status()).isEqualTo(403);
        assertThat(stale.body()).contains("This form has expired", "Sign out");
    }

    @Test
    void aRefusedNewColleagueKeepsWhatTheAdminTyped() {
        WebClient admin = server.signedInAdmin(PASSWORD);
        admin.get("/admin/users");
        WebClient.Page refused = admin.post("/admin/users", Map.of("email", "max@unsilo.test", "name", "Max Again", "role", "admin"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"add-error\"", "Not added:", "value=\"max@unsilo.test\"", "value=\"Max Again\"")
                .containsPattern("<option value=\"admin\" selected");
    }

    @Test
    void aFormSentAfterTheSessionEndedLeadsBackToItsPageAndSaysSo() {
        WebClient ended = signedIn();
        ended.get("/settings");
        WebClient other = signedIn();
        other.get("/settings");
        assertThat(other.post("/settings/password", Map.of("current", PASSWORD, "password", PASSWORD + "!", "repeat", PASSWORD + "!"))
                .status()).as("ends the first session").isEqualTo(303);
        server.app().passwords().set(null, server.app().users().findByEmail("max@unsilo.test").orElseThrow().id(), PASSWORD);

        WebClient.Page sent = ended.postRaw("/settings/privacy", Map.of("domain", "bank.example"),
                Map.of("Referer", server.url("/settings")));
        assertThat(sent.status()).isEqualTo(303);
        assertThat(sent.location()).isEqualTo("/login?next=%2Fsettings&expired=1");
        assertThat(ended.get(sent.location()).body()).contains("Your session has ended. Sign in again to go on.");

        WebClient out = signedIn();
        out.get("/");
        WebClient.Page signedOut = out.post("/logout", Map.of());
        assertThat(out.get(signedOut.location()).body()).contains("You have signed out.");
    }
}
