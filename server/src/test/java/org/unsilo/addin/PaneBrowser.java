package org.unsilo.addin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Real headless Chromium (the system's, REFERENCES.md §6.2) showing the Outlook pane of a running server, with
 * Office.js replaced by {@code fake-office.js}: every request for Microsoft's Office.js gets the fake, which plays
 * the scenario the test passes (mode, item, saved token, session data).
 */
final class PaneBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Playwright playwright;
    private final Browser browser;
    private final String fakeOffice;

    PaneBrowser() {
        if (!CHROMIUM.toFile().canExecute()) {
            throw new IllegalStateException(CHROMIUM + " is missing: install it with 'apt-get install -y chromium' (.ci/run does)");
        }
        this.fakeOffice = resource("/addin/fake-office.js");
        this.playwright = Playwright.create();
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true));
    }

    /** A fresh 320 px wide pane (a new browser context: nothing carried over) playing {@code scenario}. */
    Page open(String url, Map<String, Object> scenario) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(320, 640));
        context.route("https://appsforoffice.microsoft.com/**", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("application/javascript").setBody(fakeOffice)));
        Page page = context.newPage();
        // The pane's console and uncaught errors end up in the test's output, for diagnosing a failure.
        page.onConsoleMessage(m -> System.out.println("[pane console] " + m.type() + ": " + m.text()));
        page.onPageError(e -> System.out.println("[pane error] " + e));
        try {
            page.addInitScript("window.__scenario = " + JSON.writeValueAsString(scenario) + ";");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.navigate(url);
        return page;
    }

    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(PaneBrowser.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
