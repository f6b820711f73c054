package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/** The web view's security rules over HTTP: sessions, CSRF, roles, escaping, private conversations, rate limit. */
class WebSecurityTest {

    static final List<String> PAGES = List.of("/", "/organizations", "/organizations/1", "/contacts", "/contacts/1",
            "/contacts/1/timeline", "/duplicates", "/cooling", "/cooling?scope=team", "/settings", "/help", "/leavers",
            "/leavers/1", "/admin", "/admin/users", "/admin/domains", "/admin/imports", "/admin/imports/1/row",
            "/admin/manifests", "/admin/audit", "/exports/contacts.csv", "/exports/contacts.vcf", "/exports/organizations.csv");
    static final List<String> FORMS = List.of("/logout", "/contacts/1", "/contacts/1/merge", "/contacts/merges/undo",
            "/duplicates/merge", "/settings/tokens", "/settings/tokens/1/revoke", "/settings/privacy",
            "/settings/privacy/remove", "/leavers/depart", "/leavers/1/handover", "/admin/users", "/admin/users/1/role",
            "/admin/users/1/password", "/admin/domains", "/admin/domains/remove", "/admin/blocks", "/admin/blocks/1/remove",
            "/settings/mailboxes/connect", "/settings/mailboxes/1/disconnect");
    static final List<String> ADMIN_PAGES = PAGES.stream().filter(p -> p.startsWith("/admin") || p.startsWith("/leavers")).toList();
    static final List<String> ADMIN_FORMS = FORMS.stream().filter(p -> p.startsWith("/admin") || p.startsWith("/leavers")).toList();

    private static TestServer server;
    private static WebDemoFixture data;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigLoader.INTERNAL_DOMAINS, WebDemoFixture.DOMAINS));
        data = WebDemoFixture.load(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient signedIn(String email) {
        WebClient c = new WebClient(server.url(""));
        assertThat(c.login(email, WebDemoFixture.PASSWORD).status()).isEqualTo(303);
        return c;
    }

    @Test
    void everyPageAndFormWithoutASessionGoesToSignIn() {
        WebClient anonymous = new WebClient(server.url(""));
        for (String page : PAGES) {
            WebClient.Page p = anonymous.get(page);
            assertThat(p.status()).as(page).isEqualTo(303);
            assertThat(p.location()).as(page).startsWith("/login?next=");
        }
        for (String form : FORMS) {
            WebClient.Page p = anonymous.postRaw(form, Map.of("_csrf", "guess"));
            assertThat(p.status()).as(form).isEqualTo(303);
            assertThat(p.location()).as(form).startsWith("/login");
        }
        assertThat(anonymous.get("/login").status()).isEqualTo(200);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        WebClient admin = signedIn("admin@unsilo.test");
        for (String form : FORMS) {
            assertThat(admin.postRaw(form, Map.of()).status()).as("no token: " + form).isEqualTo(403);
            assertThat(admin.postRaw(form, Map.of("_csrf", "wrong")).status()).as("wrong token: " + form).isEqualTo(403);
        }
        WebClient fresh = new WebClient(server.url(""));
        assertThat(fresh.postRaw("/login", Map.of("email", "admin@unsilo.test", "password", WebDemoFixture.PASSWORD)).status())
                .as("sign-in form without its token").isEqualTo(403);
        assertThat(admin.get("/").status()).as("the session survived the refused posts").isEqualTo(200);
    }

    @Test
    void aMemberCannotReachAdminPages() {
        WebClient member = signedIn("bob@unsilo.test");
        assertThat(member.get("/").body()).doesNotContain("href=\"/admin/users\"");
        for (String page : ADMIN_PAGES) {
            assertThat(member.get(page).status()).as(page).isEqualTo(403);
        }
        member.get("/settings");
        for (String form : ADMIN_FORMS) {
            assertThat(member.post(form, Map.of("user", Long.toString(data.cara.id()), "role", "admin")).status())
                    .as(form).isEqualTo(403);
        }
        assertThat(server.app().users().find(data.cara.id()).orElseThrow().role()).isEqualTo("member");
        assertThat(signedIn("admin@unsilo.test").get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void aContactNamedLikeAScriptRendersAsText() {
        WebClient admin = signedIn("admin@unsilo.test");
        for (String page : List.of("/contacts/" + data.scriptContact, "/contacts?q=hacker-corp", "/organizations?q=hacker")) {
            WebClient.Page p = admin.get(page);
            assertThat(p.status()).as(page).isEqualTo(200);
            assertThat(p.body()).as(page).doesNotContain("<script>alert");
        }
        assertThat(admin.get("/contacts/" + data.scriptContact).body()).contains("&lt;script&gt;alert('xss')&lt;/script&gt;");
        assertThat(admin.get("/contacts?q=hacker-corp").body()).contains("&lt;script&gt;");
        assertThat(admin.get("/organizations?q=hacker").body()).contains("Hacker Corp");
    }

    @Test
    void privateConversationsNeverAppearToOthers() {
        List<String> pages = List.of("/contacts/" + data.jane, "/contacts/" + data.jane + "/timeline",
                "/organizations/" + data.acme, "/", "/cooling?scope=team", "/exports/contacts.csv", "/exports/contacts.vcf",
                "/exports/organizations.csv");
        WebClient owner = signedIn("bob@unsilo.test");
        assertThat(owner.get("/contacts/" + data.jane).body()).contains(WebDemoFixture.PRIVATE_SUBJECT);
        assertThat(owner.get("/organizations/" + data.acme).body()).contains(WebDemoFixture.PRIVATE_SUBJECT);
        for (String email : List.of("cara@unsilo.test", "admin@unsilo.test")) {
            WebClient other = signedIn(email);
            for (String page : pages) {
                WebClient.Page p = other.get(page);
                assertThat(p.status()).as(email + " " + page).isEqualTo(200);
                assertThat(p.body()).as(email + " " + page).doesNotContain(WebDemoFixture.PRIVATE_SUBJECT)
                        .doesNotContain(WebDemoFixture.PRIVATE_SNIPPET);
            }
            assertThat(other.get("/contacts/" + data.jane).body()).as("the rest of the timeline is shown").contains("Supply contract 1");
        }
        // The export files behind the Download links (checked above for what they must not hold).
        assertThat(owner.get("/contacts").body()).contains("href=\"/exports/contacts.csv\"");
        assertThat(owner.get("/exports/contacts.csv").body().lines().findFirst().orElseThrow()).startsWith("Name,E-mail");
        assertThat(owner.get("/exports/contacts.vcf").body()).startsWith("BEGIN:VCARD");
    }

    @Test
    void pagesSendAStrictContentSecurityPolicyAndNoInlineScript() {
        WebClient admin = signedIn("admin@unsilo.test");
        TestServer.Response r = server.get("/login", null);
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        String body = admin.get("/").body();
        assertThat(body).contains("<script src=\"/static/htmx.min.js\" defer></script>");
        assertThat(body.split("<script").length).as("one script element only, from this server").isEqualTo(2);
        assertThat(server.get("/static/htmx.min.js", null).status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsAreRateLimitedPerAccount() {
        WebClient c = new WebClient(server.url(""));
        assertThat(c.login("dan@unsilo.test", "not the password").status()).isEqualTo(401);
        for (int i = 1; i < LoginLimiter.PER_ACCOUNT.amount(); i++) {
            c.login("dan@unsilo.test", "still wrong " + i);
        }
        assertThat(c.login("dan@unsilo.test", WebDemoFixture.PASSWORD).status()).as("locked for now, even with the right password")
                .isEqualTo(429);
        assertThat(new WebClient(server.url("")).login("cara@unsilo.test", WebDemoFixture.PASSWORD).status())
                .as("other accounts are not affected").isEqualTo(303);
    }

    @Test
    void signInGoesOnlyToLocalPagesAndSignOutEndsTheSession() {
        WebClient c = new WebClient(server.url(""));
        c.get("/login?next=//evil.example/steal");
        WebClient.Page p = c.post("/login", Map.of("email", "cara@unsilo.test", "password", WebDemoFixture.PASSWORD,
                "next", "//evil.example/steal"));
        assertThat(p.location()).isEqualTo("/");
        c.get("/");
        assertThat(c.post("/logout", Map.of()).location()).isEqualTo("/login");
        assertThat(c.get("/").status()).isEqualTo(303);
    }
}
