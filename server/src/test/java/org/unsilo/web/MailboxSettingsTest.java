package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.SyncConfig;
import org.unsilo.store.ConnectionRow;
import org.unsilo.sync.Provider;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/** My settings, mailbox connections: connect through the provider's consent page, see status, disconnect. */
class MailboxSettingsTest {

    private static final String PASSWORD = "correct horse battery";

    private static TestServer server;
    private static TestServer.Staff ann;
    private static TestServer.Staff ben;

    @BeforeAll
    static void start() {
        // Only Microsoft is set up here, so only "Connect Outlook" is offered. Nothing is ever sent to the provider.
        server = TestServer.start(Map.of(SyncConfig.MICROSOFT_CLIENT_ID, "11111111-2222-3333-4444-555555555555",
                SyncConfig.MICROSOFT_CLIENT_SECRET, "test-secret"));
        ann = server.staff("ann@unsilo.test", "Ann Staff", PASSWORD);
        ben = server.staff("ben@unsilo.test", "Ben Staff", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient signedIn(String email) {
        return WebClient.signedIn(server.url(""), email, PASSWORD);
    }

    @Test
    void connectSendsTheBrowserToTheProvidersConsentPageWithPkceAndState() {
        WebClient web = signedIn("ann@unsilo.test");
        String page = web.get("/settings").body();
        assertThat(page).contains("Connect Outlook").doesNotContain("Connect Gmail").contains("No mailbox connected.");

        WebClient.Page go = web.post("/settings/mailboxes/connect", Map.of("provider", "microsoft"));
        assertThat(go.status()).isEqualTo(303);
        assertThat(go.location()).startsWith("https://login.microsoftonline.com/")
                .contains("client_id=11111111-2222-3333-4444-555555555555", "code_challenge=", "code_challenge_method=S256",
                        "state=", "Mail.ReadBasic");
        assertThat(web.post("/settings/mailboxes/connect", Map.of("provider", "google")).status())
                .as("a provider that is not set up").isEqualTo(400);
    }

    @Test
    void aConnectionShowsItsStatusAndOnlyItsOwnerCanDisconnectIt() {
        ConnectionRow row = server.app().connections().connect(ben.id(), Provider.MICROSOFT, "refresh-token-of-ben");
        WebClient benWeb = signedIn("ben@unsilo.test");
        String page = benWeb.get("/settings").body();
        assertThat(page).contains("mailbox-connections", "Microsoft 365 / Outlook", "not yet")
                .doesNotContain("refresh-token-of-ben");

        WebClient annWeb = signedIn("ann@unsilo.test");
        annWeb.get("/settings"); // the form's CSRF token
        assertThat(annWeb.post("/settings/mailboxes/" + row.id() + "/disconnect", Map.of()).status()).isEqualTo(404);
        assertThat(server.app().connections().find(row.id())).isPresent();

        assertThat(benWeb.post("/settings/mailboxes/" + row.id() + "/disconnect", Map.of()).status()).isEqualTo(303);
        assertThat(server.app().connections().find(row.id())).isEmpty();
        assertThat(benWeb.get("/settings").body()).contains("No mailbox connected.");
    }
}
