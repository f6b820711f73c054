package org.unsilo.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * What an admin deploys works against a real server: every page the generated manifests send Outlook or a user to is
 * there, with the section its link names, and the admin's Manifests page gives the commands for this server's URL.
 */
class ManifestsServedTest {

    @Test
    void everyPageTheManifestsNameIsServedWithTheSectionItsLinkNames() {
        try (TestServer server = TestServer.start()) {
            String base = server.url("");
            AddinUrls urls = AddinUrls.of(base);
            OutlookAddin addin = new OutlookAddin(urls, null);
            String files = new OutlookXmlManifest(addin).xml() + new UnifiedManifest(addin).json()
                    + new GmailDeployment(urls).json();
            Set<String> paths = new TreeSet<>();
            Matcher m = Pattern.compile(Pattern.quote(base) + "(/[^\\s\"'<>]*)").matcher(files);
            while (m.find()) {
                paths.add(m.group(1));
            }
            // Google POSTs to /gmail/... with its own signed tokens; the Gmail add-on's tests cover those.
            paths.removeIf(p -> p.startsWith("/gmail/"));
            assertThat(paths).contains("/addin/taskpane.html", "/help", "/help#privacy", "/help#terms");

            WebClient anonymous = new WebClient(base);
            for (String path : paths) {
                String[] pageAndSection = path.split("#", 2);
                WebClient.Page page = anonymous.get(pageAndSection[0]);
                assertThat(page.status()).as(path).isEqualTo(200);
                if (pageAndSection.length == 2) {
                    assertThat(page.body()).as(path).contains("id=\"" + pageAndSection[1] + "\"");
                }
            }
        }
    }

    @Test
    void theManifestsPageGivesTheCommandsForThisServersUrl() {
        // The server was asked for port 0 (any free port): the page names the port it got, where it can be reached.
        try (TestServer server = TestServer.start()) {
            String page = server.signedInAdmin("a long admin password").get("/admin/manifests").body();
            String base = server.url("");

            assertThat(base).doesNotEndWith(":0");
            assertThat(page).contains("unsilo manifest outlook --base-url " + base + " --out deploy/outlook",
                    "unsilo manifest gmail --base-url " + base + " --out deploy/gmail", "unsilo-outlook.zip",
                    "deployment.json");
        }
    }

    @Test
    void aConfiguredPublicUrlIsKeptOnAFreePort() {
        try (TestServer server = TestServer.start(Map.of(ConfigLoader.BASE_URL, "http://crm.example.com"))) {
            String page = server.signedInAdmin("a long admin password").get("/admin/manifests").body();

            assertThat(page).contains("unsilo manifest outlook --base-url http://crm.example.com --out deploy/outlook");
        }
    }
}
