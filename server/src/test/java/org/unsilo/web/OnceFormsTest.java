package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * Forms whose answer shows a secret once (a new API token, a generated password) are done once: the browser sending
 * the same form again (reload, "resend form?") gets a page that says so, not a second token or password. A form read
 * afresh works again.
 */
class OnceFormsTest {

    private static final String PASSWORD = "the admin's own password";
    private static final Pattern SHOWN_PASSWORD = Pattern.compile("<code id=\"new-password\">([^<]*)</code>");

    private static TestServer server;
    /** Signed in once for the whole class: sign-in is rate limited per address. */
    private static WebClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.signedInAdmin(PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNewTokenSentAgainIsNotCreatedTwice() {
        admin.get("/settings");
        WebClient.Page created = admin.post("/settings/tokens", Map.of("name", "laptop"));
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).contains("id=\"new-token\"");

        WebClient.Page again = admin.post("/settings/tokens", Map.of("name", "laptop"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("This token was already created and its value was shown once. If you did not"
                + " copy it, revoke it and create a new one.", "href=\"/settings#tokens\"").doesNotContain("id=\"new-token\"");
        assertThat(tokensNamed("laptop")).isEqualTo(1);

        admin.get("/settings");
        assertThat(admin.post("/settings/tokens", Map.of("name", "laptop")).body()).as("a fresh form").contains("id=\"new-token\"");
        assertThat(tokensNamed("laptop")).isEqualTo(2);
    }

    @Test
    void aPasswordResetSentAgainKeepsThePasswordShown() {
        TestServer.Staff pia = server.staff("pia@unsilo.test", "Pia", "pia's first password");
        admin.get("/admin/users");
        WebClient.Page reset = admin.post("/admin/users/" + pia.id() + "/password", Map.of());
        assertThat(reset.status()).isEqualTo(200);
        String shown = shownPassword(reset);

        WebClient.Page again = admin.post("/admin/users/" + pia.id() + "/password", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("A new password for pia@unsilo.test was already set and shown once. If you did"
                + " not copy it, give them a new password again.", "href=\"/admin/users\"").doesNotContain("id=\"new-password\"");
        WebClient.signedIn(server.url(""), "pia@unsilo.test", shown);

        admin.get("/admin/users");
        String fresh = shownPassword(admin.post("/admin/users/" + pia.id() + "/password", Map.of()));
        assertThat(fresh).as("a fresh form").isNotEqualTo(shown);
        WebClient.signedIn(server.url(""), "pia@unsilo.test", fresh);
    }

    @Test
    void oneReadOfThePageServesEachOfItsFormsOnce() {
        TestServer.Staff ben = server.staff("ben@unsilo.test", "Ben", "ben's first password");
        TestServer.Staff eva = server.staff("eva@unsilo.test", "Eva", "eva's first password");
        admin.get("/admin/users");
        assertThat(admin.post("/admin/users/" + ben.id() + "/password", Map.of()).status()).isEqualTo(200);
        assertThat(admin.post("/admin/users/" + eva.id() + "/password", Map.of()).status()).as("another colleague's form")
                .isEqualTo(200);
    }

    @Test
    void aNewColleagueSentAgainIsAddedOnce() {
        admin.get("/admin/users");
        Map<String, String> max = Map.of("email", "max@unsilo.test", "name", "Max", "role", "member");
        WebClient.Page added = admin.post("/admin/users", max);
        assertThat(added.status()).isEqualTo(200);
        String shown = shownPassword(added);

        WebClient.Page again = admin.post("/admin/users", max);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("This colleague was already added and their password was shown once. If you"
                + " did not copy it, give them a new password from the list.", "href=\"/admin/users\"")
                .doesNotContain("Not added:", "id=\"new-password\"");
        assertThat(server.app().users().list(0, 500).stream().filter(u -> u.email().equals("max@unsilo.test"))).hasSize(1);
        WebClient.signedIn(server.url(""), "max@unsilo.test", shown);

        admin.get("/admin/users");
        WebClient.Page fresh = admin.post("/admin/users", Map.of("email", "mia@unsilo.test", "name", "Mia", "role", "member"));
        assertThat(fresh.status()).as("a fresh form").isEqualTo(200);
        assertThat(fresh.body()).contains("Password for mia@unsilo.test");
    }

    @Test
    void aRefusedFormLeavesItsKeyUnused() {
        admin.get("/admin/users");
        WebClient.Page refused = admin.post("/admin/users", Map.of("email", "not an address", "name", "Kim", "role", "member"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not added:");

        WebClient.Page added = admin.post("/admin/users", Map.of("email", "kim@unsilo.test", "name", "Kim", "role", "member"));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.body()).contains("Password for kim@unsilo.test");
    }

    @Test
    void aFormWithoutItsKeyIsRefused() {
        admin.get("/settings");
        WebClient.Page stale = admin.post("/settings/tokens", Map.of("name", "old page", "_once", ""));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.body()).contains("This form is out of date. Reload the page and try again.");
        assertThat(tokensNamed("old page")).isZero();
    }

    @Test
    void aFormSentAgainToAnotherServerIsRecognisedThere() {
        try (TestServer other = TestServer.alongside(server)) {
            admin.get("/settings");
            assertThat(admin.post("/settings/tokens", Map.of("name", "desk")).status()).isEqualTo(200);
            WebClient.Page there = admin.at(other.url("")).post("/settings/tokens", Map.of("name", "desk"));
            assertThat(there.status()).isEqualTo(409);
            assertThat(there.body()).contains("This token was already created");
            assertThat(tokensNamed("desk")).isEqualTo(1);
        }
    }

    @Test
    void theKeysASessionSentEndWithIt() {
        server.staff("lea@unsilo.test", "Lea", "lea's own password");
        WebClient lea = WebClient.signedIn(server.url(""), "lea@unsilo.test", "lea's own password");
        lea.get("/settings");
        assertThat(lea.post("/settings/tokens", Map.of("name", "phone")).status()).isEqualTo(200);
        long recorded = formUses();

        assertThat(lea.post("/logout", Map.of()).status()).isEqualTo(303);
        assertThat(formUses()).isEqualTo(recorded - 1);
    }

    private static long formUses() {
        return server.app().db().read(h -> h.createQuery("SELECT COUNT(*) FROM web_form_use").mapTo(Long.class).one());
    }

    private static long tokensNamed(String name) {
        return server.app().tokens().listForUser(server.admin().id()).stream().filter(t -> t.name().equals(name)).count();
    }

    private static String shownPassword(WebClient.Page page) {
        Matcher m = SHOWN_PASSWORD.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }
}
