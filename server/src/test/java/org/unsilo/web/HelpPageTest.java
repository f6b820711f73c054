package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.manifest.AddinUrls;
import org.unsilo.manifest.OutlookAddin;
import org.unsilo.manifest.UnifiedManifest;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/** The help page tells users how this server treats their mail: its own half-life and what text it keeps. */
class HelpPageTest {

    @Test
    void theHelpPageStatesThisServersHalfLifeAndWhatTextItKeeps() {
        try (TestServer server = TestServer.start(Map.of(ConfigLoader.STRENGTH_HALF_LIFE_DAYS, "30",
                ConfigLoader.CAPTURE_POLICY, "body"))) {
            String help = new WebClient(server.url("")).get("/help").body();

            assertThat(help).contains("it halves every 30 days", "the text of each message (not attachments)")
                    .doesNotContain("90 days", "snippet");
        }
        try (TestServer server = TestServer.start()) {
            String help = new WebClient(server.url("")).get("/help").body();

            assertThat(help).contains("it halves every 90 days", "a short snippet of each message (not attachments)");
        }
    }

    @Test
    void theHelpPageNamesTheRibbonButtonAsTheOutlookManifestLabelsIt() throws Exception {
        String manifest = new UnifiedManifest(new OutlookAddin(AddinUrls.of("https://crm.example.com"),
                OutlookAddin.PLACEHOLDER_CLIENT_ID)).json();
        String button = new ObjectMapper().readTree(manifest).findValue("controls").get(0).path("label").asText();
        assertThat(button).isNotBlank();
        try (TestServer server = TestServer.start()) {
            String help = new WebClient(server.url("")).get("/help").body();

            assertThat(help).contains("choose <strong>" + button + "</strong> on the ribbon");
        }
    }
}
