package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.UserRow;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * The web view's security rules over HTTP on the data set of {@code unsilo demo}: sessions, CSRF, roles, escaping,
 * private conversations (every page that lists conversations, and the exports), rate limit.
 */
class WebSecurityTest {

    static final List<String> PAGES = List.of("/", "/organizations", "/organizations/1", "/contacts", "/contacts/1",
            "/contacts/1/timeline", "/duplicates", "/cooling", "/cooling?scope=team", "/settings", "/help", "/leavers",
            "/leavers/1", "/admin", "/admin/users", "/admin/domains", "/admin/imports", "/admin/imports/1/row",
            "/admin/manifests", "/admin/audit", "/exports/contacts.csv", "/exports/contacts.vcf", "/exports/organizations.csv",
            "/admin/privacy", "/admin/privacy/export?address=x%40example.com", "/admin/privacy/erase?address=x%40example.com");
    static final List<String> FORMS = List.of("/logout", "/contacts/1", "/contacts/1/merge", "/contacts/merges/undo",
            "/duplicates/merge", "/duplicates/different", "/duplicates/different/undo", "/settings/tokens", "/settings/tokens/1/revoke", "/settings/privacy",
            "/settings/privacy/remove", "/leavers/depart", "/leavers/1/handover", "/admin/users", "/admin/users/1/role",
            "/admin/users/1/password", "/admin/domains", "/admin/domains/remove", "/admin/blocks", "/admin/blocks/1/remove",
            "/settings/mailboxes/connect", "/settings/mailboxes/1/disconnect", "/settings/password",
            "/admin/privacy/erase", "/admin/privacy/suppressions/lift");
    static final List<String> ADMIN_PAGES = PAGES.stream().filter(p -> p.startsWith("/admin") || p.startsWith("/leavers")).toList();
    static final List<String> ADMIN_FORMS = FORMS.stream().filter(p -> p.startsWith("/admin") || p.startsWith("/leavers")).toList();

    static final String SCRIPT_NAME = "<script>alert('xss')</script>";

    private static TestServer server;
    private static WebDemoData data;
    /** One session per staff member for the whole class: sign-in is rate limited per address. */
    private static final Map<String, WebClient> SESSIONS = new HashMap<>();
    /** A demo contact at an organisation, renamed through the API to a script tag (no demo would have one). */
    private static long scriptContact;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        data = WebDemoData.load(server);
        scriptContact = data.ids("SELECT id FROM contact WHERE organization_id IS NOT NULL ORDER BY id LIMIT 1").get(0);
        assertThat(server.patch("/api/v1/contacts/" + scriptContact, server.adminToken(),
                TestJson.write(Map.of("name", SCRIPT_NAME))).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient signedIn(String email) {
        return SESSIONS.computeIfAbsent(email, e -> {
            WebClient c = new WebClient(server.url(""));
            assertThat(c.login(e, WebDemoData.PASSWORD).status()).as("sign-in of " + e).isEqualTo(303);
            return c;
        });
    }

    @Test
    void everyPageAndFormWithoutASessionGoesToSignIn() {
        WebClient anonymous = new WebClient(server.url(""));
        for (String page : PAGES.stream().filter(p -> !p.equals("/help")).toList()) {
            WebClient.Page p = anonymous.get(page);
            assertThat(p.status()).as(page).isEqualTo(303);
            assertThat(p.location()).as(page).startsWith("/login?next=");
        }
        // Help is the add-in manifests' support address: readable by anyone, with nothing of the data.
        WebClient.Page help = anonymous.get("/help");
        assertThat(help.status()).isEqualTo(200);
        assertThat(help.body()).contains("The Outlook add-in", "href=\"/login\"").doesNotContain("Sign out", "href=\"/contacts\"");
        assertThat(help.header("Content-Security-Policy")).contains("script-src 'self'");
        for (String form : FORMS) {
            WebClient.Page p = anonymous.postRaw(form, Map.of("_csrf", "guess"));
            assertThat(p.status()).as(form).isEqualTo(303);
            assertThat(p.location()).as(form).startsWith("/login");
        }
        assertThat(anonymous.get("/login").status()).isEqualTo(200);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        WebClient admin = signedIn(data.admin().email());
        for (String form : FORMS) {
            assertThat(admin.postRaw(form, Map.of()).status()).as("no token: " + form).isEqualTo(403);
            assertThat(admin.postRaw(form, Map.of("_csrf", "wrong")).status()).as("wrong token: " + form).isEqualTo(403);
        }
        WebClient fresh = new WebClient(server.url(""));
        assertThat(fresh.postRaw("/login", Map.of("email", data.admin().email(), "password", WebDemoData.PASSWORD)).status())
                .as("sign-in form without its token").isEqualTo(403);
        assertThat(admin.get("/").status()).as("the session survived the refused posts").isEqualTo(200);
    }

    @Test
    void aMemberCannotReachAdminPages() {
        WebClient member = signedIn(data.members().get(0).email());
        long colleague = data.members().get(1).id();
        assertThat(member.get("/").body()).doesNotContain("href=\"/admin/users\"");
        for (String page : ADMIN_PAGES) {
            assertThat(member.get(page).status()).as(page).isEqualTo(403);
        }
        member.get("/settings");
        for (String form : ADMIN_FORMS) {
            assertThat(member.post(form, Map.of("user", Long.toString(colleague), "role", "admin")).status())
                    .as(form).isEqualTo(403);
        }
        assertThat(server.app().users().find(colleague).orElseThrow().role()).isEqualTo("member");
        assertThat(signedIn(data.admin().email()).get("/admin/users").status()).isEqualTo(200);
    }

    @Test
    void aContactNamedLikeAScriptRendersAsText() {
        WebClient admin = signedIn(data.admin().email());
        long org = data.ids("SELECT organization_id FROM contact WHERE id = ?", scriptContact).get(0);
        String address = data.strings("SELECT address FROM contact_email WHERE contact_id = ?", scriptContact).get(0);
        List<String> pages = List.of("/contacts/" + scriptContact, "/contacts?q=" + address, "/organizations/" + org);
        for (String page : pages) {
            WebClient.Page p = admin.get(page);
            assertThat(p.status()).as(page).isEqualTo(200);
            assertThat(p.body()).as(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(");
        }
        assertThat(admin.get(pages.get(0)).body()).contains("&lt;script&gt;alert('xss')&lt;/script&gt;");
    }

    /** A private conversation of the demo: whose it is, and where it could show. */
    private record PrivateMessage(long id, long sentAt, String topic, String reference, Set<Long> owners, Set<Long> contacts,
                                  Set<Long> organizations) {

        /** The timeline page that starts with this conversation (if the viewer may see it). */
        String timelineAt(long contact) {
            return "/contacts/" + contact + "/timeline?before=" + sentAt + "-" + (id + 1);
        }
    }

    /** The demo's bodies carry a reference unique to each message, and their snippets show it. */
    private static final Pattern REFERENCE = Pattern.compile("reference: ([0-9a-z]+-[0-9]+)");

    private static List<PrivateMessage> privateMessages() {
        List<PrivateMessage> out = new ArrayList<>();
        for (Map<String, Object> m : data.rows("SELECT id, sent_at, subject, snippet FROM message WHERE private = 1 ORDER BY id")) {
            long id = ((Number) m.get("id")).longValue();
            Matcher ref = REFERENCE.matcher((String) m.get("snippet"));
            assertThat(ref.find()).as("reference in the snippet of message " + id).isTrue();
            out.add(new PrivateMessage(id, ((Number) m.get("sent_at")).longValue(), ((String) m.get("subject")).replaceFirst("^Re: ", ""),
                    ref.group(1), Set.copyOf(data.ids("SELECT user_id FROM message_copy WHERE message_id = ?", id)),
                    Set.copyOf(data.ids("SELECT DISTINCT contact_id FROM message_party WHERE message_id = ? AND contact_id IS NOT NULL", id)),
                    Set.copyOf(data.ids("SELECT DISTINCT c.organization_id FROM message_party p JOIN contact c ON c.id = p.contact_id"
                            + " WHERE p.message_id = ? AND c.organization_id IS NOT NULL", id))));
        }
        return out;
    }

    private static Set<String> references(String body) {
        Set<String> found = new HashSet<>();
        Matcher m = REFERENCE.matcher(body);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /**
     * Every staff member of the demo, on every page that lists conversations (a contact's page, its timeline pages,
     * an organisation's page) where another's private conversation could show, on the other pages and in the exports:
     * neither the subject nor the snippet of a private conversation they do not own.
     */
    @Test
    void privateConversationsNeverAppearToOthers() {
        List<PrivateMessage> privates = privateMessages();
        assertThat(privates).as("the demo has private conversations").hasSizeGreaterThan(5);
        List<String> everywhere = List.of("/", "/contacts", "/organizations", "/cooling", "/cooling?scope=team", "/duplicates",
                "/exports/contacts.csv", "/exports/contacts.vcf", "/exports/organizations.csv");
        for (UserRow viewer : data.staff) {
            WebClient web = signedIn(viewer.email());
            Set<String> pages = new LinkedHashSet<>(everywhere);
            Set<String> ownTopics = new HashSet<>();
            Set<String> othersTopics = new HashSet<>();
            Set<String> othersReferences = new HashSet<>();
            for (PrivateMessage m : privates) {
                if (m.owners().contains(viewer.id())) {
                    ownTopics.add(m.topic());
                    // The owner sees it where the others are checked not to: the check looks in the right place.
                    String own = web.get(m.timelineAt(m.contacts().iterator().next())).body();
                    assertThat(own).as("owner's timeline at " + m).contains(m.topic()).contains("reference: " + m.reference());
                } else {
                    othersTopics.add(m.topic());
                    othersReferences.add(m.reference());
                    m.contacts().forEach(c -> {
                        pages.add("/contacts/" + c);
                        pages.add(m.timelineAt(c));
                    });
                    m.organizations().forEach(o -> pages.add("/organizations/" + o));
                }
            }
            // A subject the viewer's own private conversation also has may show (theirs); the reference tells them apart.
            othersTopics.removeAll(ownTopics);
            Set<String> seen = new HashSet<>();
            for (String page : pages) {
                WebClient.Page p = web.get(page);
                assertThat(p.status()).as(viewer.email() + " " + page).isEqualTo(200);
                Set<String> shown = references(p.body());
                seen.addAll(shown);
                assertThat(shown).as(viewer.email() + " " + page).doesNotContainAnyElementsOf(othersReferences);
                for (String topic : othersTopics) {
                    assertThat(p.body()).as(viewer.email() + " " + page).doesNotContain(topic);
                }
            }
            assertThat(seen).as(viewer.email() + " saw the ordinary conversations on those pages").hasSizeGreaterThan(10);
        }
        // The API's export files, with a token of the test server's own admin (who owns no conversation).
        for (String export : List.of("contacts.csv", "contacts.vcf", "organizations.csv")) {
            TestServer.Response r = server.get("/api/v1/exports/" + export, server.adminToken());
            assertThat(r.status()).isEqualTo(200);
            for (PrivateMessage m : privates) {
                assertThat(r.body()).as(export).doesNotContain(m.topic()).doesNotContain("reference: " + m.reference());
            }
        }
        WebClient someone = signedIn(data.members().get(0).email());
        assertThat(someone.get("/contacts").body()).contains("href=\"/exports/contacts.csv\"");
        assertThat(someone.get("/exports/contacts.csv").body().lines().findFirst().orElseThrow()).startsWith("Name,E-mail");
        assertThat(someone.get("/exports/contacts.vcf").body()).startsWith("BEGIN:VCARD");
    }

    @Test
    void pagesSendAStrictContentSecurityPolicyAndNoInlineScript() {
        WebClient admin = signedIn(data.admin().email());
        TestServer.Response r = server.get("/login", null);
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        String body = admin.get("/").body();
        assertThat(body).contains("<script src=\"/static/htmx.min.js\" defer></script>", "<script src=\"/static/unsilo.js\" defer></script>");
        assertThat(body.split("<script").length).as("two script elements only, both files of this server").isEqualTo(3);
        assertThat(body).doesNotContain(" onclick=", " onsubmit=", "javascript:");
        assertThat(server.get("/static/htmx.min.js", null).status()).isEqualTo(200);
        assertThat(server.get("/static/unsilo.js", null).status()).isEqualTo(200);
    }

    @Test
    void pagesReportTheirServerTime() {
        WebClient admin = signedIn(data.admin().email());
        for (String page : PAGES.stream().filter(p -> !p.startsWith("/exports/")).toList()) {
            assertThat(admin.get(page).header("Server-Timing")).as(page)
                    .matches("app;dur=\\d+\\.\\d, cpu;dur=\\d+\\.\\d");
        }
        assertThat(new WebClient(server.url("")).get("/contacts").header("Server-Timing")).as("the redirect to sign in").isNotNull();
        assertThat(server.get("/static/unsilo.css", null).header("Server-Timing")).as("static files").isNull();
    }

    @Test
    void wrongPasswordsAreRateLimitedPerAccount() {
        WebClient c = new WebClient(server.url(""));
        assertThat(c.login(server.admin().email(), "not the password").status()).isEqualTo(401);
        for (int i = 1; i < LoginLimiter.PER_ACCOUNT.amount(); i++) {
            c.login(server.admin().email(), "still wrong " + i);
        }
        assertThat(c.login(server.admin().email(), WebDemoData.PASSWORD).status()).as("locked for now, even with the right password")
                .isEqualTo(429);
        assertThat(new WebClient(server.url("")).login(data.members().get(0).email(), WebDemoData.PASSWORD).status())
                .as("other accounts are not affected").isEqualTo(303);
    }

    @Test
    void signInGoesOnlyToLocalPagesAndSignOutEndsTheSession() {
        WebClient c = new WebClient(server.url(""));
        c.get("/login?next=//evil.example/steal");
        WebClient.Page p = c.post("/login", Map.of("email", data.members().get(1).email(), "password", WebDemoData.PASSWORD,
                "next", "//evil.example/steal"));
        assertThat(p.location()).isEqualTo("/");
        c.get("/");
        assertThat(c.post("/logout", Map.of()).location()).isEqualTo("/login?signedout=1");
        assertThat(c.get("/").status()).isEqualTo(303);
    }
}
