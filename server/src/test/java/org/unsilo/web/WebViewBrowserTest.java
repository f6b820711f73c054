package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestServer;

/**
 * The web view in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright): sign in, find an
 * organisation and who knows whom there, merge duplicates and undo, hand over a leaver's relationships, adoption
 * charts, and the narrow add-in width. Screenshots go to target/web-screenshots (docs/images has copies).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebViewBrowserTest {

    private static final Path SHOTS = Paths.get("target", "web-screenshots");

    private static TestServer server;
    private static WebDemoFixture data;
    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigLoader.INTERNAL_DOMAINS, WebDemoFixture.DOMAINS));
        data = WebDemoFixture.load(server);
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true));
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
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, 900));
        Page page = context.newPage();
        page.navigate(server.url("/organizations"));
        assertThat(page.url()).as("an anonymous visit lands on the sign-in page").contains("/login");
        page.getByLabel("E-mail address").fill(email);
        page.getByLabel("Password").fill(WebDemoFixture.PASSWORD);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL("**/organizations");
        return page;
    }

    @Test
    @Order(1)
    void signInSearchAnOrganisationAndSeeWhoKnowsWhomInOrder() {
        Page page = signIn("admin@unsilo.test", 1280);
        page.getByLabel("Search organisations").fill("acme");
        page.locator("form.search button").click();
        page.waitForURL(url -> url.contains("q=acme"));
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName("Acme Energy")).click();
        page.waitForURL("**/organizations/" + data.acme);
        List<String> ranked = page.locator("ol.knownby .name").allTextContents();
        assertThat(ranked).as("most messages and most recent first").containsExactly("Bob Baker", "Cara Cole", "Dan Drew", "Ada Admin");
        assertThat(page.locator("ul.people").textContent()).contains("Jane Roe").contains("Tom Lee").contains("John Smith");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("organization.png")).setFullPage(true));
        page.navigate(server.url("/contacts/" + data.jane));
        assertThat(page.locator("ol.knownby .name").first().textContent()).isEqualTo("Bob Baker");
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("contact.png")).setFullPage(true));
        page.context().close();
    }

    @Test
    @Order(2)
    void adoptionChartsRender() {
        Page page = signIn("admin@unsilo.test", 1280);
        page.navigate(server.url("/"));
        for (String chart : List.of("active-day", "active-week", "captures-week", "lookups-week")) {
            assertThat(page.locator("svg#" + chart + " rect.bar").count()).as(chart).isGreaterThan(0);
            assertThat(page.locator("svg#" + chart + " title").first().textContent()).as(chart).isNotBlank();
        }
        Object tallest = page.evaluate("() => Math.max(...[...document.querySelectorAll('svg#captures-week rect.bar')]"
                + ".map(r => r.getBBox().height))");
        assertThat(((Number) tallest).doubleValue()).as("captures were made this week: a bar has height").isGreaterThan(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("dashboard.png")).setFullPage(true));
        page.context().close();
    }

    @Test
    @Order(3)
    void mergeTwoDuplicatesAndUndo() {
        long kept = data.contactId("john.smith@acme-energy.com");
        long other = data.contactId("jsmith1970@gmail.com");
        long first = Math.min(kept, other);
        long second = Math.max(kept, other);
        Page page = signIn("admin@unsilo.test", 1280);
        page.navigate(server.url("/duplicates"));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Merge into contact " + first)).click();
        page.waitForURL(url -> url.contains("/duplicates?merged="));
        assertThat(page.locator("#undo").isVisible()).isTrue();
        assertThat(page.locator("section.dupes").count()).as("the pair is gone from the review").isZero();
        assertThat(server.app().contacts().find(second).orElseThrow().mergedInto()).isEqualTo(first);
        page.navigate(server.url("/contacts/" + second));
        assertThat(page.url()).as("the merged contact's page leads to the one kept").endsWith("/contacts/" + first);
        assertThat(page.locator("ul.emails").textContent()).contains("john.smith@acme-energy.com").contains("jsmith1970@gmail.com");
        page.navigate(server.url("/contacts/" + first + "?merged=" + String.join(",", mergeIdsOf(page))));
        page.locator("form.notice button").click();
        page.waitForURL(url -> url.contains("restored=1"));
        assertThat(server.app().contacts().find(second).orElseThrow().contact()).as("back as its own contact").isNotNull();
        page.navigate(server.url("/contacts/" + first));
        assertThat(page.locator("ul.emails").textContent()).doesNotContain("jsmith1970@gmail.com");
        page.navigate(server.url("/duplicates"));
        assertThat(page.locator("section.dupes").count()).as("the pair is back for review").isEqualTo(1);
        page.context().close();
    }

    private static List<String> mergeIdsOf(Page page) {
        return server.app().db().read(h -> h.createQuery("SELECT id FROM contact_merge WHERE undone_at IS NULL")
                .mapTo(Long.class).list()).stream().map(String::valueOf).toList();
    }

    @Test
    @Order(4)
    void markAUserDepartedAndHandOverTheirRelationships() {
        Page page = signIn("admin@unsilo.test", 1280);
        page.navigate(server.url("/leavers"));
        page.getByLabel("Colleague who left").selectOption(Long.toString(data.dan.id()));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark as departed")).click();
        page.waitForURL("**/leavers/" + data.dan.id());
        assertThat(page.locator("#handover tbody tr").count()).as("Dan's two John Smith relationships").isEqualTo(2);
        assertThat(page.locator("#handover").textContent()).contains("nobody yet");
        page.getByLabel("Hand the ticked contacts over to").selectOption(Long.toString(data.cara.id()));
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hand over")).click();
        page.waitForURL(url -> url.endsWith("handedOver=2"));
        assertThat(page.locator("#handover").textContent()).contains("Cara Cole").doesNotContain("nobody yet");
        assertThat(server.app().users().find(data.dan.id()).orElseThrow().isActive()).isFalse();
        assertThat(server.lookup(data.dan.token(), "jane.roe@acme-energy.com").status()).as("the leaver's token stops working").isEqualTo(401);
        page.context().close();
    }

    @Test
    @Order(5)
    void pagesFitTheNarrowAddInPane() {
        Page page = signIn("bob@unsilo.test", 320);
        for (String path : List.of("/", "/organizations", "/contacts/" + data.jane, "/organizations/" + data.acme)) {
            page.navigate(server.url(path));
            Object width = page.evaluate("() => document.documentElement.scrollWidth");
            assertThat(((Number) width).intValue()).as("no sideways scrolling at 320 px on " + path).isLessThanOrEqualTo(320);
        }
        page.context().close();
    }
}
