package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.capture.Directory;
import org.unsilo.common.Change;
import org.unsilo.common.Search;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.NameCursor;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * The admin's privacy requests page over HTTP: find a person, download what is held as JSON, erase them after typing
 * their address, see and lift the suppression that erasure leaves; members, strangers and forged forms get nowhere.
 */
class PrivacyPagesTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String RITA = "rita.rossi@northwind-trading.com";
    private static final String SAM = "sam.stone@globex-energy.com";
    private static final String MALLORY = "mallory@hacker-corp.com";
    private static final String SCRIPT_NAME = "<script>alert('xss')</script>";

    private static TestServer server;
    private static TestServer.Staff bob;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        bob = server.staff("bob@unsilo.test", "Bob Baker", PASSWORD);
        server.app().passwords().set(null, server.admin().id(), PASSWORD);
        // Rita alone with Bob twice (those messages lose their text on erasure), once together with Jo (kept for Jo).
        send(CaptureJson.from("Rita Rossi <" + RITA + ">").to("bob@unsilo.test").subject("Rita's contract renewal")
                .body("Please renew.\n\nRita Rossi\nHead of Purchasing\n"));
        send(CaptureJson.from("bob@unsilo.test").to(RITA).subject("Re: Rita's contract renewal").body("Done."));
        send(CaptureJson.from("bob@unsilo.test").to(RITA, "Jo Doe <jo@gmail.com>").subject("Site visit").body("See you."));
        send(CaptureJson.from("Sam Stone <" + SAM + ">").to("bob@unsilo.test").subject("Hello from Sam"));
        send(CaptureJson.from("Mallory <" + MALLORY + ">").to("bob@unsilo.test").subject("Hello"));
        server.app().contacts().update(server.admin().id(), contactId(MALLORY),
                new ContactService.Edit(SCRIPT_NAME, null, Change.keep(), null, null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void send(CaptureJson capture) {
        TestServer.Response r = server.capture(bob.token(), capture);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private static long contactId(String address) {
        return server.app().contacts().search(Search.containing(address), 0, NameCursor.FIRST, 5).get(0).id();
    }

    private static WebClient signedIn(String email) {
        return WebClient.signedIn(server.url(""), email, PASSWORD);
    }

    private static String q(String address) {
        return URLEncoder.encode(address, StandardCharsets.UTF_8);
    }

    @Test
    void anAdminFindsExportsAndErasesAPersonAndTheSuppressionCanBeCheckedAndLifted() {
        long rita = contactId(RITA);
        WebClient admin = signedIn("admin@unsilo.test");
        assertThat(admin.get("/admin/users").body()).contains("href=\"/admin/privacy\"");

        // From the contact's page, admins only.
        assertThat(admin.get("/contacts/" + rita).body()).contains("href=\"/admin/privacy?contact=" + rita + "\"");
        assertThat(signedIn("bob@unsilo.test").get("/contacts/" + rita).body()).doesNotContain("/admin/privacy");
        WebClient.Page found = admin.get("/admin/privacy?contact=" + rita);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).contains("Held about " + RITA, "Rita Rossi", "Northwind", "Messages: 3",
                "whose subject and text erasing removes: 2", "Bob Baker", "Suppressed: no",
                "href=\"/admin/privacy/export?address=" + q(RITA) + "\"");
        assertThat(admin.get("/admin/privacy?address=" + q(" Rita.Rossi@Northwind-Trading.com ")).body())
                .as("found by the address as typed").contains("Held about " + RITA);

        // The download is the API's export, as an attachment.
        WebClient.Page download = admin.get("/admin/privacy/export?address=" + q(RITA));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("application/json");
        assertThat(download.header("Content-Disposition")).startsWith("attachment; filename=\"personal-data-")
                .doesNotContain("rita");
        JsonNode export = TestJson.parse(download.body());
        assertThat(export.path("address").asText()).isEqualTo(RITA);
        assertThat(export.path("contact").path("name").asText()).isEqualTo("Rita Rossi");
        assertThat(TestJson.texts(export.path("messages"), "subject")).containsExactly("Rita's contract renewal",
                "Re: Rita's contract renewal", "Site visit");
        assertThat(download.body()).doesNotContain("jo@gmail.com");

        // The confirmation names what goes; a wrong address typed back erases nothing.
        WebClient.Page confirm = admin.get("/admin/privacy/erase?address=" + q(RITA));
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Erase " + RITA + "?", "This cannot be undone", "Rita Rossi", "<code>" + RITA + "</code>",
                "Type " + RITA + " to confirm");
        WebClient.Page refused = admin.post("/admin/privacy/erase", Map.of("address", RITA, "confirm", "sam.stone@globex-energy.com"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("nothing was erased");
        assertThat(server.app().contacts().find(rita)).isPresent();

        WebClient.Page posted = admin.post("/admin/privacy/erase", Map.of("address", RITA, "confirm", RITA.toUpperCase()));
        // Post/redirect/get: the result is a page of its own, named by the address's hash, not the address.
        assertThat(posted.status()).isEqualTo(303);
        assertThat(posted.location()).isEqualTo("/admin/privacy?erased=" + Directory.hash(RITA));
        WebClient.Page erased = admin.get(posted.location());
        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.body()).contains("The person is erased", Directory.hash(RITA).substring(0, 12), "Contacts removed: 1",
                "messages that lost their subject and text: 2", "Addresses newly suppressed: 1", "id=\"suppression-count\">1<");
        assertThat(erased.body()).doesNotContain(RITA);
        // Reloading shows the same result and erases nothing again: still one erasure in the audit log.
        assertThat(admin.get(posted.location()).body()).contains("Contacts removed: 1");
        assertThat(server.get("/api/v1/admin/audit", server.adminToken()).json().path("items").findValuesAsText("action"))
                .filteredOn("person.erase"::equals).hasSize(1);
        assertThat(admin.get("/admin/privacy?erased=" + "0".repeat(64)).body()).contains("No erasure of that address is on record");
        assertThat(admin.get("/admin/privacy?erased=not-a-hash").status()).isEqualTo(400);
        assertThat(server.app().contacts().find(rita)).isEmpty();
        assertThat(server.app().privacy().isSuppressed(RITA)).isTrue();
        JsonNode audit = server.get("/api/v1/admin/audit", server.adminToken()).json().path("items").get(0);
        assertThat(audit.path("action").asText()).isEqualTo("person.erase");
        assertThat(audit.path("targetId").asText()).isEqualTo(Directory.hash(RITA));
        assertThat(audit.path("actorId").asLong()).isEqualTo(server.admin().id());
        assertThat(admin.get("/admin/privacy?address=" + q(RITA)).body()).contains("Nothing is held about this address, and it is suppressed");
        // A later capture does not bring her back.
        assertThat(server.capture(bob.token(), CaptureJson.from(RITA).to("bob@unsilo.test")).status()).isEqualTo(422);

        // Check, then lift the suppression.
        WebClient.Page checked = admin.get("/admin/privacy?check=" + q(RITA));
        assertThat(checked.body()).contains(RITA + " is suppressed", "action=\"/admin/privacy/suppressions/lift\"");
        assertThat(admin.get("/admin/privacy?check=" + q(SAM)).body()).contains(SAM + " is not suppressed")
                .doesNotContain("/admin/privacy/suppressions/lift\"");
        WebClient.Page lifted = admin.post("/admin/privacy/suppressions/lift", Map.of("address", RITA));
        assertThat(lifted.status()).isEqualTo(200);
        assertThat(lifted.body()).contains("The suppression of " + RITA + " is lifted", "id=\"suppression-count\">0<");
        assertThat(server.app().privacy().isSuppressed(RITA)).isFalse();
        assertThat(server.get("/api/v1/admin/audit", server.adminToken()).json().path("items").get(0).path("action").asText())
                .isEqualTo("suppression.lift");

        // The browser sending the lift again (a reload of the result) is told it was lifted already, by whom and when.
        WebClient.Page again = admin.post("/admin/privacy/suppressions/lift", Map.of("address", RITA));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).contains("Already lifted: " + RITA + " can be captured again.",
                        "Ada Admin &lt;admin@unsilo.test&gt; lifted the suppression on ", "Nothing changed now.")
                .doesNotContain("is not suppressed", "role=\"alert\"");
        assertThat(TestJson.texts(server.get("/api/v1/admin/audit", server.adminToken()).json().path("items"), "action"))
                .as("nothing lifted again").containsOnlyOnce("suppression.lift");
        // An address that never was suppressed is still an error: there is nothing to lift.
        assertThat(admin.post("/admin/privacy/suppressions/lift", Map.of("address", SAM)).body())
                .contains(SAM + " is not suppressed; nothing changed.");
    }

    @Test
    void badAndStaffAddressesAreExplained() {
        WebClient admin = signedIn("admin@unsilo.test");
        WebClient.Page bad = admin.get("/admin/privacy?address=not-an-address");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("is not an e-mail address");
        assertThat(admin.get("/admin/privacy/export?address=not-an-address").status()).isEqualTo(400);
        WebClient.Page staff = admin.get("/admin/privacy?address=bob%40unsilo.test");
        assertThat(staff.status()).isEqualTo(409);
        assertThat(staff.body()).contains("staff");
        assertThat(admin.post("/admin/privacy/erase", Map.of("address", "bob@unsilo.test", "confirm", "bob@unsilo.test")).status())
                .isEqualTo(409);
        assertThat(server.app().users().find(bob.id())).isPresent();
        assertThat(admin.get("/admin/privacy?contact=999999").status()).isEqualTo(404);
    }

    @Test
    void aMemberIsForbidden() {
        WebClient member = signedIn("bob@unsilo.test");
        for (String page : List.of("/admin/privacy", "/admin/privacy?address=" + q(SAM), "/admin/privacy/export?address=" + q(SAM),
                "/admin/privacy/erase?address=" + q(SAM), "/admin/privacy?check=" + q(SAM))) {
            WebClient.Page p = member.get(page);
            assertThat(p.status()).as(page).isEqualTo(403);
            assertThat(p.body()).as(page).doesNotContain("Sam Stone").doesNotContain("Hello from Sam");
        }
        member.get("/settings"); // a page of theirs, for a valid CSRF token
        assertThat(member.post("/admin/privacy/erase", Map.of("address", SAM, "confirm", SAM)).status()).isEqualTo(403);
        assertThat(member.post("/admin/privacy/suppressions/lift", Map.of("address", SAM)).status()).isEqualTo(403);
        assertThat(server.app().contacts().find(contactId(SAM))).isPresent();
    }

    @Test
    void withoutASessionEveryPrivacyPageGoesToSignIn() {
        WebClient anonymous = new WebClient(server.url(""));
        for (String page : List.of("/admin/privacy", "/admin/privacy/export?address=" + q(SAM), "/admin/privacy/erase?address=" + q(SAM))) {
            WebClient.Page p = anonymous.get(page);
            assertThat(p.status()).as(page).isEqualTo(303);
            assertThat(p.location()).as(page).startsWith("/login?next=");
            assertThat(p.body()).as(page).doesNotContain("Sam Stone");
        }
        for (String form : List.of("/admin/privacy/erase", "/admin/privacy/suppressions/lift")) {
            WebClient.Page p = anonymous.postRaw(form, Map.of("_csrf", "guess", "address", SAM, "confirm", SAM));
            assertThat(p.status()).as(form).isEqualTo(303);
            assertThat(p.location()).as(form).startsWith("/login");
        }
        assertThat(server.app().contacts().find(contactId(SAM))).isPresent();
    }

    @Test
    void aFormWithoutTheCsrfTokenErasesNothing() {
        WebClient admin = signedIn("admin@unsilo.test");
        admin.get("/admin/privacy/erase?address=" + q(SAM));
        assertThat(admin.postRaw("/admin/privacy/erase", Map.of("address", SAM, "confirm", SAM)).status()).isEqualTo(403);
        assertThat(admin.postRaw("/admin/privacy/erase", Map.of("_csrf", "wrong", "address", SAM, "confirm", SAM)).status())
                .isEqualTo(403);
        assertThat(admin.postRaw("/admin/privacy/suppressions/lift", Map.of("address", SAM)).status()).isEqualTo(403);
        assertThat(server.app().contacts().find(contactId(SAM))).isPresent();
        assertThat(server.app().privacy().isSuppressed(SAM)).isFalse();
    }

    @Test
    void aContactNamedLikeAScriptIsShownAsText() {
        WebClient admin = signedIn("admin@unsilo.test");
        for (String page : List.of("/admin/privacy?address=" + q(MALLORY), "/admin/privacy/erase?address=" + q(MALLORY))) {
            WebClient.Page p = admin.get(page);
            assertThat(p.status()).as(page).isEqualTo(200);
            assertThat(p.body()).as(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(");
        }
        WebClient.Page typed = admin.get("/admin/privacy?check=" + q("\"><script>alert(1)</script>@x.example"));
        assertThat(typed.body()).doesNotContain("<script>alert(1)");
    }
}
