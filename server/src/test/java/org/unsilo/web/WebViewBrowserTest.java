package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.store.UserRow;
import org.unsilo.testing.CliRun;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The web view in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright) over the data set of
 * {@code unsilo demo}: sign in, find an organisation and who knows whom there, merge duplicates and undo, hand over a
 * leaver's relationships, adoption charts, the narrow add-in width, and the contacts CSV export re-imported with
 * {@code unsilo import contacts} without a change. What each page must show is read from the database, not written
 * down. Screenshots go to target/web-screenshots (docs/images has copies).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewBrowserTest {

    private static final Path SHOTS = Paths.get("target", "web-screenshots");

    private static TestServer server;
    private static WebDemoData data;
    private static Playwright playwright;
    private static Browser browser;
    /** One signed-in browser context for the admin, reused by every test (sign-in is rate limited per address). */
    private static BrowserContext admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        data = WebDemoData.load(server);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true));
        admin = signIn(data.admin().email(), 1280).context();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        server.close();
    }

    private static Page signIn(String email, int width) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, 900).setAcceptDownloads(true));
        Page page = context.newPage();
        page.navigate(server.url("/organizations"));
        assertThat(page.url()).as("an anonymous visit lands on the sign-in page").contains("/login");
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Password").fill(WebDemoData.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL("**/organizations");
        return page;
    }

    private static Page adminPage(String path) {
        Page page = admin.newPage();
        page.navigate(server.url(path));
        return page;
    }

    /** Staff names by their summed relationship score with the given contacts, strongest first. */
    private static List<String> strongestFirst(String contactsSql, Object... args) {
        return data.strings("SELECT u.display_name FROM relationship r JOIN app_user u ON u.id = r.user_id"
                + " WHERE r.contact_id IN (" + contactsSql + ") GROUP BY u.id, u.display_name ORDER BY SUM(r.score) DESC", args);
    }

    @Test
    @Order(1)
    void searchAnOrganisationAndSeeWhoKnowsWhomInOrder() {
        // The organisation most staff know; its expected order is the staff's summed strength with its people.
        long org = data.ids("SELECT c.organization_id FROM relationship r JOIN contact c ON c.id = r.contact_id"
                + " WHERE c.organization_id IS NOT NULL GROUP BY c.organization_id"
                + " ORDER BY COUNT(DISTINCT r.user_id) DESC, c.organization_id LIMIT 1").get(0);
        String name = data.strings("SELECT name FROM organization WHERE id = ?", org).get(0);
        List<String> expected = strongestFirst("SELECT id FROM contact WHERE organization_id = ?", org);
        assertThat(expected).as("a who-knows-whom list with an order to check").hasSizeGreaterThanOrEqualTo(3);

        Page page = adminPage("/organizations");
        page.getByLabel("Search organisations").fill(name.split(" ")[0].toLowerCase());
        page.locator("form.search button").click();
        page.waitForURL(url -> url.contains("q="));
        page.locator("a[href='/organizations/" + org + "']").click();
        page.waitForURL("**/organizations/" + org);
        assertThat(page.locator("h1").textContent()).isEqualTo(name);
        assertThat(page.locator("ol.knownby .name").allTextContents()).as("strongest relationship first").isEqualTo(expected);
        List<String> people = data.strings("SELECT display_name FROM contact WHERE organization_id = ? AND merged_into IS NULL", org);
        assertThat(page.locator("ul.people li a").allTextContents()).containsExactlyInAnyOrderElementsOf(people);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("organization.png")).setFullPage(true));

        long contact = data.ids("SELECT r.contact_id FROM relationship r JOIN contact c ON c.id = r.contact_id"
                + " WHERE c.organization_id = ? GROUP BY r.contact_id ORDER BY COUNT(*) DESC, r.contact_id LIMIT 1", org).get(0);
        page.locator("ul.people a[href='/contacts/" + contact + "']").click();
        page.waitForURL("**/contacts/" + contact);
        assertThat(page.locator("ol.knownby .name").allTextContents()).isEqualTo(strongestFirst("?", contact));
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("contact.png")).setFullPage(true));
        page.close();
    }

    @Test
    @Order(2)
    void adoptionChartsRender() {
        Page page = adminPage("/");
        for (String chart : List.of("active-day", "active-week", "captures-week", "lookups-week")) {
            assertThat(page.locator("svg#" + chart + " rect.bar").count()).as(chart).isGreaterThan(0);
            assertThat(page.locator("svg#" + chart + " title").first().textContent()).as(chart).isNotBlank();
            Object tallest = page.evaluate("id => Math.max(...[...document.querySelectorAll('svg#' + id + ' rect.bar')]"
                    + ".map(r => r.getBBox().height))", chart);
            assertThat(((Number) tallest).doubleValue()).as(chart + ": the demo's staff used Unsilo, a bar has height").isGreaterThan(0);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("dashboard.png")).setFullPage(true));
        page.close();
    }

    @Test
    @Order(3)
    void mergeTwoDuplicatesAndUndo() {
        Page page = adminPage("/duplicates");
        // The first pair on the review (a name with exactly two contacts), as the demo made it.
        Locator groups = page.locator("section.dupes");
        String name = null;
        for (int i = 0; name == null && i < groups.count(); i++) {
            if (groups.nth(i).locator("li").count() == 2) {
                name = groups.nth(i).getAttribute("aria-label");
            }
        }
        assertThat(name).as("a pair to merge on the review").isNotNull();
        List<Long> ids = data.ids("SELECT id FROM contact WHERE LOWER(display_name) = LOWER(?) AND merged_into IS NULL ORDER BY id", name);
        assertThat(ids).as("the demo's duplicates of " + name).hasSize(2);
        long kept = ids.get(0);
        long other = ids.get(1);
        List<String> otherAddresses = data.strings("SELECT address FROM contact_email WHERE contact_id = ?", other);
        Locator section = page.locator("section.dupes[aria-label=\"" + name + "\"]");
        assertThat(section.count()).isEqualTo(1);

        section.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Merge into contact " + kept)).click();
        page.waitForURL(url -> url.contains("/duplicates?merged="));
        assertThat(page.locator("#undo").isVisible()).isTrue();
        assertThat(section.count()).as("the pair is gone from the review").isZero();
        assertThat(data.ids("SELECT merged_into FROM contact WHERE id = ?", other)).containsExactly(kept);
        Page contact = adminPage("/contacts/" + other);
        assertThat(contact.url()).as("the merged contact's page leads to the one kept").endsWith("/contacts/" + kept);
        assertThat(contact.locator("ul.emails li").allTextContents()).containsAll(otherAddresses);

        page.locator("#undo").click();
        page.waitForURL(url -> url.contains("restored=1"));
        assertThat(data.count("SELECT COUNT(*) FROM contact WHERE id = ? AND merged_into IS NULL", other)).as("back as its own contact")
                .isEqualTo(1);
        contact.navigate(server.url("/contacts/" + kept));
        assertThat(contact.locator("ul.emails li").allTextContents()).doesNotContainAnyElementsOf(otherAddresses);
        page.navigate(server.url("/duplicates"));
        assertThat(section.count()).as("the pair is back for review").isEqualTo(1);
        contact.close();
        page.close();
    }

    @Test
    @Order(4)
    void markAUserDepartedAndHandOverTheirRelationships() {
        // The member with the fewest relationships leaves; the next member takes them over.
        UserRow leaver = data.members().stream()
                .filter(u -> data.count("SELECT COUNT(*) FROM relationship WHERE user_id = ?", u.id()) > 0)
                .min(java.util.Comparator.comparingLong(u -> data.count("SELECT COUNT(*) FROM relationship WHERE user_id = ?", u.id())))
                .orElseThrow();
        UserRow heir = data.members().stream().filter(u -> u.id() != leaver.id()).findFirst().orElseThrow();
        long relationships = data.count("SELECT COUNT(*) FROM relationship WHERE user_id = ?", leaver.id());
        String token = server.app().tokens().create(leaver.id(), "laptop").secret();
        assertThat(server.get("/api/v1/me", token).status()).isEqualTo(200);

        Page page = adminPage("/leavers");
        long waiting = data.count("SELECT COUNT(*) FROM relationship WHERE user_id = ?", data.leaver.id());
        assertThat(page.locator("a[href='/leavers/" + data.leaver.id() + "']").locator("xpath=..").textContent())
                .as("the demo's own leaver").contains(data.leaver.displayName()).contains(waiting + " relationships to hand over");
        // Departing signs a colleague out at once: the page asks first, and nothing happens when the answer is no.
        List<String> asked = new ArrayList<>();
        page.onceDialog(dialog -> {
            asked.add(dialog.message());
            dialog.dismiss();
        });
        page.getByLabel("Colleague who left").selectOption(Long.toString(leaver.id()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark as departed")).click();
        assertThat(asked).singleElement().asString().contains("signed out");
        assertThat(server.app().users().find(leaver.id()).orElseThrow().isActive()).as("dismissed: still active").isTrue();
        page.onceDialog(dialog -> dialog.accept());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark as departed")).click();
        page.waitForURL("**/leavers/" + leaver.id());
        assertThat(page.locator("#handover tbody tr").count()).as("every relationship of the leaver").isEqualTo((int) relationships);
        assertThat(page.locator("#handover tbody tr td:last-child").allTextContents()).containsOnly("nobody yet");
        page.getByLabel("Hand the ticked contacts over to").selectOption(Long.toString(heir.id()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hand over")).click();
        page.waitForURL(url -> url.endsWith("handedOver=" + relationships));
        assertThat(page.locator("#handover tbody tr td:last-child").allTextContents()).containsOnly(heir.displayName());
        assertThat(server.app().users().find(leaver.id()).orElseThrow().isActive()).isFalse();
        assertThat(server.get("/api/v1/me", token).status()).as("the leaver's token stops working").isEqualTo(401);
        page.close();
    }

    @Test
    @Order(5)
    void pagesFitTheNarrowAddInPane() {
        UserRow member = data.members().stream().filter(u -> server.app().users().find(u.id()).orElseThrow().isActive())
                .findFirst().orElseThrow();
        long contact = data.ids("SELECT contact_id FROM relationship WHERE user_id = ? ORDER BY score DESC LIMIT 1", member.id()).get(0);
        long org = data.ids("SELECT organization_id FROM contact WHERE organization_id IS NOT NULL ORDER BY id LIMIT 1").get(0);
        Page page = signIn(member.email(), 320);
        for (String path : List.of("/", "/organizations", "/contacts/" + contact, "/organizations/" + org)) {
            page.navigate(server.url(path));
            Object width = page.evaluate("() => document.documentElement.scrollWidth");
            assertThat(((Number) width).intValue()).as("no sideways scrolling at 320 px on " + path).isLessThanOrEqualTo(320);
        }
        // Stacked rows keep their column names, so "5" still reads as the number of people.
        page.navigate(server.url("/organizations"));
        assertThat(page.locator("#organizations tbody tr").first().locator("td").nth(2).evaluate(
                "td => getComputedStyle(td, '::before').content")).isEqualTo("\"People: \"");
        page.context().close();
        Page narrowAdmin = signIn(data.admin().email(), 320);
        for (String path : List.of("/leavers", "/admin/users", "/settings")) {
            narrowAdmin.navigate(server.url(path));
            Object width = narrowAdmin.evaluate("() => document.documentElement.scrollWidth");
            assertThat(((Number) width).intValue()).as("no sideways scrolling at 320 px on " + path).isLessThanOrEqualTo(320);
        }
        narrowAdmin.context().close();
    }

    /** Every current contact's fields, and the number of addresses and organisations: what a re-import must not change. */
    private static List<String> snapshot() {
        List<String> out = new ArrayList<>(data.strings("SELECT c.id || '|' || COALESCE(c.display_name, '') || '|'"
                + " || COALESCE(c.title, '') || '|' || COALESCE(CAST(c.organization_id AS TEXT), '') || '|' || c.phones || '|'"
                + " || c.edited_fields FROM contact c WHERE c.merged_into IS NULL ORDER BY c.id"));
        out.addAll(data.strings("SELECT contact_id || '|' || address FROM contact_email ORDER BY contact_id, address"));
        out.addAll(data.strings("SELECT id || '|' || name || '|' || domain FROM organization ORDER BY id"));
        out.add("contacts " + data.count("SELECT COUNT(*) FROM contact"));
        return out;
    }

    /** Each current contact as "id | name | title | organisation | sorted addresses | phones", from the database. */
    private static List<String> stored() {
        Map<Long, List<String>> addresses = new java.util.HashMap<>();
        data.rows("SELECT contact_id, address FROM contact_email").forEach(r -> addresses
                .computeIfAbsent(((Number) r.get("contact_id")).longValue(), k -> new ArrayList<>()).add((String) r.get("address")));
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : data.rows("SELECT c.id, c.display_name, c.title, o.name AS company, c.phones FROM contact c"
                + " LEFT JOIN organization o ON o.id = c.organization_id WHERE c.merged_into IS NULL ORDER BY c.id")) {
            long id = ((Number) r.get("id")).longValue();
            out.add(line(id, (String) r.get("display_name"), (String) r.get("title"), (String) r.get("company"),
                    addresses.getOrDefault(id, List.of()), phones((String) r.get("phones"))));
        }
        return out;
    }

    private static List<String> phones(String json) {
        List<String> out = new ArrayList<>();
        TestJson.parse(json).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The same from the exported CSV file. */
    private static List<String> exported(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(csv);
             CSVParser rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            for (CSVRecord r : rows) {
                out.add(line(Long.parseLong(r.get("Unsilo ID")), r.get("Name"), r.get("Job Title"), r.get("Company"),
                        List.of(r.get("E-mail").split(" ::: ")), r.get("Phone").isEmpty() ? List.of() : List.of(r.get("Phone").split(" ::: "))));
            }
        }
        out.sort(java.util.Comparator.comparingLong(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))));
        return out;
    }

    private static String line(long id, String name, String title, String company, List<String> addresses, List<String> phones) {
        return id + " | " + Objects.toString(name, "") + " | " + Objects.toString(title, "") + " | " + Objects.toString(company, "")
                + " | " + addresses.stream().sorted().toList() + " | " + phones;
    }

    @Test
    @Order(6)
    void theContactsCsvExportReimportsWithoutAChange(@TempDir Path dir) throws Exception {
        List<String> before = snapshot();
        long contacts = data.count("SELECT COUNT(*) FROM contact WHERE merged_into IS NULL");
        Page page = adminPage("/contacts");
        Download download = page.waitForDownload(() -> page.locator("a[href='/exports/contacts.csv']").click());
        Path csv = dir.resolve(download.suggestedFilename());
        download.saveAs(csv);
        page.close();
        assertThat(exported(csv)).as("the file holds every contact as stored").isEqualTo(stored());

        CliRun.Result run = CliRun.run("import", "contacts", csv.toString(), "--owner", data.admin().email(),
                "--data-dir", server.dataDir().toString(), "--db-url", server.app().config().dbUrl());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("records read +" + contacts + "\\b")
                .containsPattern("contacts created +0\\b").containsPattern("contacts merged +0\\b")
                .containsPattern("contacts unchanged +" + contacts + "\\b").containsPattern("e-mail addresses added +0\\b")
                .containsPattern("organisations created +0\\b").containsPattern("records skipped +0\\b");
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
    }

    @Test
    @Order(7)
    void reloadingANewTokenDoesNotCreateAnother() {
        Page page = adminPage("/settings");
        page.getByLabel("Name of a new token").fill("reloaded");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();
        assertThat(page.locator("#new-token").textContent()).startsWith("uns_");

        page.reload();
        assertThat(page.locator("#repeated").textContent()).contains("This token was already created");
        assertThat(data.count("SELECT COUNT(*) FROM api_token WHERE name = 'reloaded'")).isEqualTo(1);
        page.close();
    }
}
