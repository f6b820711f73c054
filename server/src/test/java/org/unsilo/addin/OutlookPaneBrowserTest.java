package org.unsilo.addin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The Outlook task pane in real headless Chromium against a real server, with a fake Office.js playing the
 * mailbox: what staff see in read and compose mode, and that its buttons create real records.
 */
class OutlookPaneBrowserTest {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static TestServer server;
    private static PaneBrowser browser;
    private static TestServer.Staff alice;
    private static TestServer.Staff bob;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of(ConfigLoader.INTERNAL_DOMAINS, "unsilo.test"));
        alice = server.staff("alice@unsilo.test", "Alice Archer");
        bob = server.staff("bob@unsilo.test", "Bob Baker");
        Instant sent = Instant.now().minus(12, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertThat(server.capture(bob.token(), CaptureJson.from("Bob Baker <bob@unsilo.test>")
                    .toParty("phillip.allen@enron.example", "Phillip Allen").subject("Gas volumes for May, week " + (i + 1))
                    .sentAt(sent.minus(7L * i, ChronoUnit.DAYS))).status()).isEqualTo(201);
        }
        server.patch("/api/v1/contacts/" + contactId("phillip.allen@enron.example"), bob.token(),
                "{\"title\": \"Managing Director\", \"phones\": [\"+1 713 555 0141\"]}");
        browser = new PaneBrowser();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    private static long contactId(String address) {
        JsonNode r = server.lookup(bob.token(), address).json().path("results").get(0);
        return r.path("contact").path("id").asLong();
    }

    private static Map<String, Object> party(String name, String address) {
        return Map.of("displayName", name, "emailAddress", address);
    }

    private static Map<String, Object> readScenario(String token, Map<String, Object> item) {
        Map<String, Object> s = new HashMap<>();
        s.put("mode", "read");
        s.put("user", "alice@unsilo.test");
        s.put("roaming", token == null ? Map.of() : Map.of("unsiloToken", token));
        s.put("item", item);
        return s;
    }

    private static Map<String, Object> message(String messageId, String subject, Map<String, Object> from,
                                               List<Map<String, Object>> to, List<Map<String, Object>> cc) {
        Map<String, Object> item = new HashMap<>();
        item.put("internetMessageId", messageId);
        item.put("conversationId", "conv-" + messageId.hashCode());
        item.put("subject", subject);
        item.put("dateTimeCreated", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        item.put("from", from);
        item.put("to", to);
        item.put("cc", cc);
        item.put("body", "Hello Alice,\nplease find the volumes attached.\nPhillip");
        return item;
    }

    private Page readPane(String token, Map<String, Object> item) {
        return browser.open(server.url("/addin/taskpane.html"), readScenario(token, item));
    }

    private static void waitFor(Page page, String state) {
        page.waitForSelector("body[data-state=" + state + "]");
    }

    private static Locator card(Page page, String address) {
        return page.locator("article.person[data-address='" + address + "']");
    }

    private static JsonNode status(String token, String messageId) {
        return server.post("/api/v1/captures/status", token,
                TestJson.write(Map.of("internetMessageId", messageId))).json();
    }

    @Test
    void readModeShowsKnownAndNewPeople() throws Exception {
        Page page = readPane(alice.token(), message("<read-1@enron.example>", "Volumes",
                party("Phillip Allen", "phillip.allen@enron.example"),
                List.of(party("Alice Archer", "alice@unsilo.test")), List.of(party("Jo New", "jo@newcorp.example"))));
        waitFor(page, "ready");

        Locator phillip = card(page, "phillip.allen@enron.example");
        PlaywrightAssertions.assertThat(phillip.locator(".badge")).hasText("Known");
        PlaywrightAssertions.assertThat(phillip.locator("h2")).hasText("Phillip Allen");
        PlaywrightAssertions.assertThat(phillip.locator(".facts")).containsText("Managing Director");
        PlaywrightAssertions.assertThat(phillip.locator(".facts")).containsText("+1 713 555 0141");
        PlaywrightAssertions.assertThat(phillip.locator(".knownby li")).hasCount(1);
        PlaywrightAssertions.assertThat(phillip.locator(".knownby li")).containsText("Bob Baker");
        PlaywrightAssertions.assertThat(phillip.locator(".conversations li").first()).containsText("Gas volumes for May, week 1");
        PlaywrightAssertions.assertThat(phillip.locator("a.link")).hasAttribute("href",
                "/contacts/" + contactId("phillip.allen@enron.example"));

        Locator jo = card(page, "jo@newcorp.example");
        PlaywrightAssertions.assertThat(jo.locator(".badge")).hasText("New");
        PlaywrightAssertions.assertThat(jo.locator("h2")).hasText("Jo New");
        PlaywrightAssertions.assertThat(jo.locator("button[data-action=save]")).hasText("Save contact");
        // The mailbox owner is not shown as a person on her own mail.
        PlaywrightAssertions.assertThat(card(page, "alice@unsilo.test")).hasCount(0);
        PlaywrightAssertions.assertThat(page.locator("#logged-state")).containsText("not in Unsilo yet");
        PlaywrightAssertions.assertThat(page.locator("main h1")).hasText("Unsilo: people on this message");
        assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth")).as("fits 320 px").isLessThanOrEqualTo(320);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("addin-read.png")).setFullPage(true));
        page.context().close();
    }

    @Test
    void saveContactCreatesTheContactWithTheEditedFields() {
        // Beta Energy is known from a colleague's mail with someone else there; Sam is new.
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").to("desk@beta-energy.example").subject("Hello Beta"));
        Page page = readPane(alice.token(), message("<save-1@beta.example>", "Intro",
                party("Sam Save", "sam@beta-energy.example"), List.of(party("Alice Archer", "alice@unsilo.test")), List.of()));
        waitFor(page, "ready");
        Locator sam = card(page, "sam@beta-energy.example");
        // Keyboard only: focus the button and press Enter, type into the focused fields.
        sam.locator("button[data-action=save]").focus();
        page.keyboard().press("Enter");
        Locator name = sam.locator("input[id^=name-]");
        PlaywrightAssertions.assertThat(name).isFocused();
        name.fill("Samantha Save");
        sam.locator("input[id^=title-]").fill("Head of Trading");
        sam.locator("input[id^=org-]").fill("Beta Energy plc");
        sam.locator("form button[type=submit]").click();
        // No organisation has that name: renaming the one of Sam's domain for everyone is asked for, not assumed.
        PlaywrightAssertions.assertThat(sam.locator(".rename")).containsText("Rename \u201cBeta");
        assertThat(server.lookup(alice.token(), "sam@beta-energy.example").json().path("results").get(0)
                .path("known").asBoolean()).as("nothing saved before the answer").isFalse();
        sam.locator("button[data-action=rename]").click();

        PlaywrightAssertions.assertThat(card(page, "sam@beta-energy.example").locator(".badge")).hasText("Known");
        JsonNode result = server.lookup(alice.token(), "sam@beta-energy.example").json().path("results").get(0);
        assertThat(result.path("known").asBoolean()).isTrue();
        assertThat(result.path("contact").path("name").asText()).isEqualTo("Samantha Save");
        assertThat(result.path("contact").path("title").asText()).isEqualTo("Head of Trading");
        assertThat(result.path("contact").path("organization").path("name").asText()).isEqualTo("Beta Energy plc");
        page.context().close();
    }

    @Test
    void anOrganisationTypedForAContactMovesItThereAndRenamesOnlyWhenAsked() {
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").to("desk@gamma-gas.example").subject("Gamma"));
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").toParty("pat@omega-oil.example", "Pat Omega")
                .to("lee@omega-oil.example").subject("Omega"));
        JsonNode gamma = server.lookup(bob.token(), "desk@gamma-gas.example").json().path("results").get(0).path("contact")
                .path("organization");
        JsonNode omega = server.lookup(bob.token(), "pat@omega-oil.example").json().path("results").get(0).path("contact")
                .path("organization");
        Page page = readPane(alice.token(), message("<org-1@omega-oil.example>", "Rates", party("Pat Omega", "pat@omega-oil.example"),
                List.of(party("Alice Archer", "alice@unsilo.test")), List.of()));
        waitFor(page, "ready");
        Locator pat = card(page, "pat@omega-oil.example");
        pat.locator("button[data-action=save]").click();
        PlaywrightAssertions.assertThat(pat.locator("input[id^=org-]")).hasValue(omega.path("name").asText());
        // Pat moved to Gamma: the contact goes there, Omega keeps its name (Lee is still in it).
        pat.locator("input[id^=org-]").fill(gamma.path("name").asText().toUpperCase(java.util.Locale.ROOT));
        pat.locator("form button[type=submit]").click();
        PlaywrightAssertions.assertThat(card(page, "pat@omega-oil.example").locator(".facts")).containsText(gamma.path("name").asText());
        assertThat(server.lookup(alice.token(), "pat@omega-oil.example").json().path("results").get(0).path("contact")
                .path("organization").path("id").asLong()).isEqualTo(gamma.path("id").asLong());
        assertThat(server.get("/api/v1/organizations/" + omega.path("id").asLong(), alice.token()).json().path("name").asText())
                .isEqualTo(omega.path("name").asText());

        // A name no organisation has: only the explicit rename button renames Gamma, for everyone.
        Locator again = card(page, "pat@omega-oil.example");
        again.locator("button[data-action=save]").click();
        again.locator("input[id^=org-]").fill("Gamma Gas Holdings");
        again.locator("form button[type=submit]").click();
        PlaywrightAssertions.assertThat(again.locator(".rename")).containsText("for everyone");
        assertThat(server.get("/api/v1/organizations/" + gamma.path("id").asLong(), alice.token()).json().path("name").asText())
                .isEqualTo(gamma.path("name").asText());
        again.locator("button[data-action=rename]").click();
        PlaywrightAssertions.assertThat(card(page, "pat@omega-oil.example").locator(".facts")).containsText("Gamma Gas Holdings");
        assertThat(server.get("/api/v1/organizations/" + gamma.path("id").asLong(), alice.token()).json().path("name").asText())
                .isEqualTo("Gamma Gas Holdings");
        page.context().close();
    }

    @Test
    void anEmptiedOrganisationTakesTheContactOutOfIt() {
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").toParty("kim@delta-fuel.example", "Kim Delta").subject("Delta"));
        JsonNode known = server.lookup(bob.token(), "kim@delta-fuel.example").json().path("results").get(0).path("contact");
        String delta = known.path("organization").path("name").asText();
        server.patch("/api/v1/contacts/" + known.path("id").asLong(), bob.token(), "{\"title\": \"Fuel Buyer\"}");
        Page page = readPane(alice.token(), message("<org-2@delta-fuel.example>", "Leaving", party("Kim Delta", "kim@delta-fuel.example"),
                List.of(party("Alice Archer", "alice@unsilo.test")), List.of()));
        waitFor(page, "ready");
        Locator kim = card(page, "kim@delta-fuel.example");
        PlaywrightAssertions.assertThat(kim.locator(".facts")).hasText(delta + " \u00b7 Fuel Buyer");
        kim.locator("button[data-action=save]").click();
        PlaywrightAssertions.assertThat(kim.locator("input[id^=org-]")).hasValue(delta);

        kim.locator("input[id^=org-]").fill("");
        kim.locator("form button[type=submit]").click();

        // The card shown again, with what is left of the facts: the title only.
        PlaywrightAssertions.assertThat(card(page, "kim@delta-fuel.example").locator(".facts")).hasText("Fuel Buyer");
        JsonNode contact = server.lookup(alice.token(), "kim@delta-fuel.example").json().path("results").get(0).path("contact");
        assertThat(contact.path("organization").isNull()).as("%s", contact).isTrue();
        assertThat(contact.path("name").asText()).isEqualTo("Kim Delta");
        page.context().close();
    }

    @Test
    void aColleagueWhoLeftIsMarkedAsGone() {
        TestServer.Staff carol = server.staff("carol@unsilo.test", "Carol Gone");
        server.capture(carol.token(), CaptureJson.from("Carol Gone <carol@unsilo.test>").toParty("dora@delta-trading.example", "Dora Delta")
                .subject("Shipping"));
        server.app().leavers().depart(server.admin().id(), carol.id());
        Page page = readPane(alice.token(), message("<left-1@delta-trading.example>", "Hello again",
                party("Dora Delta", "dora@delta-trading.example"), List.of(party("Alice Archer", "alice@unsilo.test")), List.of()));
        waitFor(page, "ready");
        Locator carolRow = card(page, "dora@delta-trading.example").locator(".knownby li", new Locator.LocatorOptions().setHasText("Carol Gone"));
        PlaywrightAssertions.assertThat(carolRow).hasClass("departed");
        PlaywrightAssertions.assertThat(carolRow.locator(".badge")).hasText("left");
        page.context().close();
    }

    @Test
    void aRelationshipFromOldMailShowsItsStrengthNotZero() {
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").toParty("otto@old-oil.example", "Otto Old")
                .subject("Back then").sentAt(Instant.parse("2001-05-14T09:00:00Z")));
        Page page = readPane(alice.token(), message("<old-1@old-oil.example>", "Still there?",
                party("Otto Old", "otto@old-oil.example"), List.of(party("Alice Archer", "alice@unsilo.test")), List.of()));
        waitFor(page, "ready");
        double strength = server.post("/api/v1/lookup", alice.token(), TestJson.write(Map.of("addresses", List.of("otto@old-oil.example"))))
                .json().at("/results/0/knownBy/0/strength").asDouble();
        assertThat(strength).isPositive().isLessThan(0.005);
        Locator meter = card(page, "otto@old-oil.example").locator(".knownby li meter");
        PlaywrightAssertions.assertThat(meter).hasAttribute("aria-label", "strength " + jsNumber(strength));
        page.context().close();
    }

    /** How JavaScript's String() writes a number this small: digits, then e and the exponent. */
    private static String jsNumber(double value) {
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toString().replace("E", "e");
    }

    @Test
    void logConversationStoresTheMessageOnceAndShowsWhoLoggedIt() {
        String mid = "<log-1@enron.example>";
        Page page = readPane(alice.token(), message(mid, "Q3 contract", party("Phillip Allen", "phillip.allen@enron.example"),
                List.of(party("Alice Archer", "alice@unsilo.test")), List.of()));
        waitFor(page, "ready");
        page.locator("#log").click();
        PlaywrightAssertions.assertThat(page.locator("#logged-state")).containsText("Logged");
        PlaywrightAssertions.assertThat(page.locator("#logged-state")).containsText("Alice Archer");

        JsonNode status = status(bob.token(), mid);
        assertThat(status.path("logged").asBoolean()).as("visible to colleagues: %s", status).isTrue();
        assertThat(status.path("message").path("subject").asText()).isEqualTo("Q3 contract");
        assertThat(status.path("loggedBy").get(0).path("user").path("email").asText()).isEqualTo("alice@unsilo.test");
        assertThat(status.path("loggedBy").get(0).path("source").asText()).isEqualTo("outlook");
        JsonNode timeline = server.get("/api/v1/contacts/" + contactId("phillip.allen@enron.example") + "/timeline", bob.token()).json();
        assertThat(TestJson.texts(timeline.path("items"), "subject")).contains("Q3 contract");

        // Another device (a fresh browser, no local state) shows the same, from the server.
        Page other = readPane(alice.token(), message(mid, "Q3 contract", party("Phillip Allen", "phillip.allen@enron.example"),
                List.of(party("Alice Archer", "alice@unsilo.test")), List.of()));
        waitFor(other, "ready");
        PlaywrightAssertions.assertThat(other.locator("#logged-state")).containsText("Alice Archer");
        other.locator("#mark-private").click();
        PlaywrightAssertions.assertThat(other.locator("#message-box")).containsText("Private");
        assertThat(status(alice.token(), mid).path("message").path("private").asBoolean()).isTrue();
        assertThat(status(bob.token(), mid).path("logged").asBoolean()).as("private now: hidden from Bob").isFalse();
        page.context().close();
        other.context().close();
    }

    @Test
    void composeModeFollowsTheRecipientsAsTheyAreTyped() throws Exception {
        Map<String, Object> scenario = new HashMap<>();
        scenario.put("mode", "compose");
        scenario.put("user", "alice@unsilo.test");
        scenario.put("roaming", Map.of("unsiloToken", alice.token()));
        scenario.put("item", Map.of("subject", "Proposal", "to", List.of(), "cc", List.of()));
        Page page = browser.open(server.url("/addin/taskpane.html"), scenario);
        waitFor(page, "ready");
        PlaywrightAssertions.assertThat(page.locator("main")).containsText("Add recipients");
        PlaywrightAssertions.assertThat(page.locator("#log-when-sent")).isVisible();

        page.evaluate("() => __setRecipients('to', [{displayName: 'Phillip Allen', emailAddress: 'phillip.allen@enron.example'}])");
        PlaywrightAssertions.assertThat(card(page, "phillip.allen@enron.example").locator(".badge")).hasText("Known");
        page.evaluate("() => __setRecipients('cc', [{displayName: 'Nina Newby', emailAddress: 'nina@gamma.example'}])");
        PlaywrightAssertions.assertThat(card(page, "nina@gamma.example").locator(".badge")).hasText("New");
        PlaywrightAssertions.assertThat(card(page, "phillip.allen@enron.example")).hasCount(1);
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("addin-compose.png")).setFullPage(true));

        PlaywrightAssertions.assertThat(page.locator("section[aria-label='Log when sent'] p.muted")).isHidden();
        page.locator("#log-when-sent").check();
        page.locator("#log-when-sent-private").check();
        page.waitForFunction("() => window.__session.unsiloLogWhenSent === 'on' && !!window.__session.unsiloAuth"
                + " && window.__session.unsiloPrivate === 'on'");
        assertThat(page.evaluate("() => window.__session.unsiloBase")).isEqualTo(server.url(""));
        PlaywrightAssertions.assertThat(page.locator("section[aria-label='Log when sent'] p.muted")).isVisible();
        // Another recipient draws the pane again: both switches still show what the send handler will do.
        page.evaluate("() => __setRecipients('cc', [{displayName: 'Nina Newby', emailAddress: 'nina@gamma.example'},"
                + " {displayName: 'Olga Other', emailAddress: 'olga@gamma.example'}])");
        PlaywrightAssertions.assertThat(card(page, "olga@gamma.example")).hasCount(1);
        PlaywrightAssertions.assertThat(page.locator("#log-when-sent")).isChecked();
        PlaywrightAssertions.assertThat(page.locator("#log-when-sent-private")).isChecked();
        page.context().close();
    }

    @Test
    void logWhenSentIsMatchedToTheSentMessageAndStoredOnce() {
        String subject = "Term sheet v2";
        Map<String, Object> scenario = new HashMap<>();
        scenario.put("mode", "compose");
        scenario.put("item", Map.of("subject", subject,
                "to", List.of(party("Phillip Allen", "phillip.allen@enron.example")),
                "cc", List.of(party("Kay Cee", "kay@delta.example"))));
        scenario.put("session", Map.of("unsiloLogWhenSent", "on", "unsiloAuth", alice.token(),
                "unsiloBase", server.url(""), "unsiloPrivate", "off"));
        Page sending = browser.open(server.url("/addin/launchevent.html"), scenario);
        sending.waitForFunction("() => !!window.__actions.onMessageSendHandler");
        Object outcome = sending.evaluate("() => new Promise(done => window.__actions.onMessageSendHandler({completed: done}))");
        assertThat(outcome.toString()).contains("allowEvent=true");
        sending.context().close();

        // The sent item opens in the read pane: the note is found and the message is logged without a click.
        String mid = "<sent-1@unsilo.test>";
        Map<String, Object> sent = message(mid, subject, party("Alice Archer", "alice@unsilo.test"),
                List.of(party("Phillip Allen", "phillip.allen@enron.example")), List.of(party("Kay Cee", "kay@delta.example")));
        JsonNode before = server.post("/api/v1/captures/status", alice.token(), TestJson.write(Map.of("internetMessageId", mid,
                "subject", subject, "to", List.of("phillip.allen@enron.example"), "cc", List.of("kay@delta.example")))).json();
        assertThat(before.path("pendingCapture").path("subject").asText()).as("%s", before).isEqualTo(subject);

        Page read = readPane(alice.token(), sent);
        PlaywrightAssertions.assertThat(read.locator("#logged-state")).containsText("Alice Archer");
        assertThat(read.locator("body").getAttribute("data-auto-logged")).isEqualTo("true");
        long messages = server.stats().path("messages").asLong();
        // Mailbox sync later brings the same sent message: it is not stored again.
        TestServer.Response synced = server.capture(alice.token(), CaptureJson.from("alice@unsilo.test")
                .to("phillip.allen@enron.example").cc("kay@delta.example").subject(subject).messageId(mid));
        assertThat(synced.status()).isEqualTo(200);
        assertThat(server.stats().path("messages").asLong()).isEqualTo(messages);
        JsonNode after = server.post("/api/v1/captures/status", alice.token(), TestJson.write(Map.of("internetMessageId", mid,
                "subject", subject, "to", List.of("phillip.allen@enron.example"), "cc", List.of("kay@delta.example")))).json();
        assertThat(after.path("logged").asBoolean()).isTrue();
        assertThat(after.path("pendingCapture").isNull()).isTrue();
        read.context().close();
    }

    @Test
    void serverDownShowsOfflineWithRetryThatRecovers() {
        Map<String, Object> item = message("<down-1@enron.example>", "Down", party("Phillip Allen", "phillip.allen@enron.example"),
                List.of(), List.of());
        com.microsoft.playwright.BrowserContext context;
        Page page = browser.open("about:blank", readScenario(alice.token(), item));
        context = page.context();
        context.route("**/api/v1/**", route -> route.abort("connectionrefused"));
        page.navigate(server.url("/addin/taskpane.html"));
        waitFor(page, "offline");
        PlaywrightAssertions.assertThat(page.locator("main h1")).hasText("Unsilo is unreachable");
        context.unroute("**/api/v1/**");
        page.locator("#retry").click();
        waitFor(page, "ready");
        PlaywrightAssertions.assertThat(card(page, "phillip.allen@enron.example").locator(".badge")).hasText("Known");
        context.close();
    }

    @Test
    void aRejectedTokenAsksToSignInAgainAndAPastedTokenWorks() {
        Map<String, Object> item = message("<auth-1@enron.example>", "Auth", party("Phillip Allen", "phillip.allen@enron.example"),
                List.of(), List.of());
        Page page = readPane("uns_revoked-or-wrong", item);
        waitFor(page, "signin");
        PlaywrightAssertions.assertThat(page.locator(".notice")).containsText("not accepted");
        assertThat(page.evaluate("() => window.__roaming.unsiloToken")).as("the bad token is forgotten").isNull();

        page.locator("#token").fill("uns_still-wrong");
        page.locator("form button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("form .error")).hasText("This token was not accepted.");
        page.locator("#token").fill(alice.token());
        page.locator("form button[type=submit]").click();
        waitFor(page, "ready");
        assertThat(page.evaluate("() => window.__roaming.unsiloToken")).isEqualTo(alice.token());
        page.context().close();
    }

    @Test
    void markupInNamesAndSubjectsIsShownAsText() {
        String evilName = "<img src=x onerror=\"window.__xss=1\">Eve";
        String evilSubject = "<script>window.__xss=2</script>Deal";
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").toParty("eve@evil.example", evilName).subject(evilSubject));
        Page page = readPane(alice.token(), message("<xss-1@evil.example>", evilSubject, party(evilName, "eve@evil.example"),
                List.of(), List.of()));
        waitFor(page, "ready");
        Locator eve = card(page, "eve@evil.example");
        PlaywrightAssertions.assertThat(eve.locator(".conversations li").first()).containsText(evilSubject);
        assertThat(eve.locator("h2").textContent()).contains("Eve");
        assertThat(page.locator("main img").count()).isZero();
        assertThat(page.locator("main script").count()).isZero();
        assertThat(page.evaluate("() => window.__xss === undefined")).isEqualTo(true);
        page.context().close();
    }

    @Test
    void thePaneMayBeFramedByOutlookOnlyAndLoadsOfficeJsOnlyFromMicrosoft() {
        TestServer.Response r = server.get("/addin/taskpane.html", null);
        assertThat(r.status()).isEqualTo(200);
        String csp = r.header("Content-Security-Policy");
        assertThat(csp).contains("frame-ancestors 'self' https://outlook.office.com https://outlook.office365.com",
                "https://outlook.live.com", "https://*.officeapps.live.com");
        // Scripts only from us (MSAL.js included) and Office.js from Microsoft.
        assertThat(csp).contains("script-src 'self' https://appsforoffice.microsoft.com;").doesNotContain("unsafe-inline");
        assertThat(r.header("X-Frame-Options")).as("would forbid Outlook's frame").isNull();
        assertThat(server.get("/api/v1/me", alice.token()).header("X-Frame-Options")).isEqualTo("DENY");
        for (String file : List.of("/addin/commands.html", "/addin/launchevent.html", "/addin/launchevent.js")) {
            assertThat(server.get(file, null).status()).as(file).isEqualTo(200);
        }
    }

    @Test
    void onlyThePanesOwnFilesAreServed() {
        assertThat(server.get("/addin/assets/icon-80.png", null).contentType()).isEqualTo("image/png");
        for (String path : List.of("/addin/nothing.js", "/addin/%2e%2e/openapi/openapi.json", "/addin/..%2Fopenapi%2Fopenapi.json",
                "/addin/.hidden", "/addin/assets/../../openapi/openapi.json", "/addin/vendor/")) {
            assertThat(server.get(path, null).status()).as(path).isEqualTo(404);
        }
    }

    @Test
    void msalIsServedByUsUnderThePanesCsp() {
        TestServer.Response r = server.get("/addin/vendor/msal-browser.min.js", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).matches("(text|application)/javascript.*");
        assertThat(r.header("Content-Security-Policy")).isEqualTo(server.get("/addin/taskpane.html", null)
                .header("Content-Security-Policy"));
        assertThat(r.body()).startsWith("/*! @azure/msal-browser v");
        assertThat(server.get("/addin/vendor/LICENSE", null).body()).contains("MIT License");
    }

    @Test
    void thePaneLoadsMsalFromItsOwnServerAndCanCreateANestedAppClient() {
        Page page = readPane(alice.token(), message("<msal-1@enron.example>", "MSAL",
                party("Phillip Allen", "phillip.allen@enron.example"), List.of(), List.of()));
        waitFor(page, "ready");
        // The same script element taskpane.js adds, under the pane's CSP: a blocked or missing script rejects here.
        page.addScriptTag(new Page.AddScriptTagOptions().setUrl("/addin/vendor/msal-browser.min.js"));
        assertThat(page.evaluate("() => typeof window.msal.createNestablePublicClientApplication")).isEqualTo("function");
        // Outside Outlook there is no nested-app bridge, so MSAL falls back to a standard client; either way the
        // pane gets the token methods it calls.
        assertThat(page.evaluate("() => window.msal.createNestablePublicClientApplication({auth: {clientId:"
                + " '3f2504e0-4f89-11d3-9a0c-0305e82c3301', authority: 'https://login.microsoftonline.com/organizations'}})"
                + ".then(pca => typeof pca.acquireTokenSilent + ' ' + typeof pca.acquireTokenPopup)"))
                .isEqualTo("function function");
        page.context().close();
    }
}
