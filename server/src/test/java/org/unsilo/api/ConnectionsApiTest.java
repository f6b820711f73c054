package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.store.ConnectionRow;
import org.unsilo.sync.Provider;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;

/** The connection routes' validation and ownership rules (the flows against providers are acceptance tests). */
class ConnectionsApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        // Nothing in this class may reach a real provider: every endpoint is a closed port on this machine.
        String nowhere = "http://127.0.0.1:9";
        server = TestServer.start(Map.of("UNSILO_GRAPH_BASE_URL", nowhere + "/v1.0", "UNSILO_MICROSOFT_TOKEN_URL",
                nowhere + "/token", "UNSILO_GOOGLE_API_ROOT", nowhere + "/", "UNSILO_PEOPLE_ROOT_URL", nowhere + "/",
                "UNSILO_GOOGLE_TOKEN_URL", nowhere + "/token", "UNSILO_MICROSOFT_CLIENT_ID", "test-client",
                "UNSILO_MICROSOFT_CLIENT_SECRET", "test-secret"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void connectingAProviderWithoutAnOAuthClientSaysWhichSettingIsMissing() {
        TestServer.Response r = server.post("/api/v1/me/connections", server.adminToken(), "{\"provider\":\"google\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).contains("UNSILO_GOOGLE_CLIENT_ID");
    }

    @Test
    void neverCaptureDomainsAreKeptAsRegistrableDomainsAndARefusedListChangesNothing() {
        TestServer.Staff owner = server.staff("owner.domains@unsilo.test", "Owner");
        ConnectionRow c = server.app().connections().connect(owner.id(), Provider.GOOGLE, "rt-domains");
        String path = "/api/v1/me/connections/" + c.id();

        TestServer.Response ok = server.patch(path, owner.token(), "{\"excludedDomains\":[\"mail.bp.com\",\"example.co.uk.\",\"x.org\"]}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("excludedDomains").toString()).isEqualTo("[\"bp.com\",\"example.co.uk\",\"x.org\"]");
        assertThat(server.capture(owner.token(), CaptureJson.from("ops@mail.bp.com").to("owner.domains@unsilo.test")).status())
                .as("a subdomain of a kept domain is kept out too").isEqualTo(422);

        TestServer.Response refused = server.patch(path, owner.token(),
                "{\"excludedDomains\":[\"y.org\",\"mail.halfwritten.org\",\"not a domain\"]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(server.get("/api/v1/me/connections", owner.token()).json().get("items").get(0).get("excludedDomains").toString())
                .as("the old list, whole").isEqualTo("[\"bp.com\",\"example.co.uk\",\"x.org\"]");

        TestServer.Response nullFolder = server.patch(path, owner.token(), "{\"folders\":[null]}");
        assertThat(nullFolder.status()).isEqualTo(400);
        assertThat(nullFolder.body()).contains("folders");
    }

    @Test
    void preferencesAreValidatedAndOnlyTheOwnerSeesOrChangesAConnection() {
        TestServer.Staff owner = server.staff("owner.prefs@unsilo.test", "Owner");
        TestServer.Staff other = server.staff("other.prefs@unsilo.test", "Other");
        ConnectionRow c = server.app().connections().connect(owner.id(), Provider.GOOGLE, "rt-prefs");
        String path = "/api/v1/me/connections/" + c.id();

        TestServer.Response badFolder = server.patch(path, owner.token(), "{\"folders\":[\"in box\"]}");
        assertThat(badFolder.status()).isEqualTo(400);
        assertThat(badFolder.body()).contains("folders");
        TestServer.Response badDomain = server.patch(path, owner.token(), "{\"excludedDomains\":[\"ok.com\",\"not a domain\"]}");
        assertThat(badDomain.status()).isEqualTo(400);
        assertThat(badDomain.body()).contains("excludedDomains");
        assertThat(server.get("/api/v1/me/connections", owner.token()).json().get("items").get(0).get("excludedDomains"))
                .as("nothing half-applied").isEmpty();

        TestServer.Response ok = server.patch(path, owner.token(), "{\"folders\":[\"INBOX\"],\"excludedDomains\":[\"MyDoctor.com\"]}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("folders").toString()).isEqualTo("[\"INBOX\"]");
        assertThat(ok.json().get("excludedDomains").toString()).isEqualTo("[\"mydoctor.com\"]");
        TestServer.Response refused = server.capture(owner.token(), CaptureJson.from("nurse@mydoctor.com").to("owner.prefs@unsilo.test"));
        assertThat(refused.status()).as("the same list keeps the domain out of every capture").isEqualTo(422);
        assertThat(ok.json().get("status").asText()).isEqualTo("pending");
        assertThat(ok.json().get("healthy").asBoolean()).isFalse();
        assertThat(ok.body()).doesNotContain("rt-prefs");

        TestServer.Response soon = server.post(path + "/sync", owner.token(), "");
        assertThat(soon.status()).isEqualTo(202);
        assertThat(soon.json().get("scheduled").asBoolean()).isTrue();
        assertThat(server.post(path + "/sync", other.token(), "").status()).isEqualTo(404);
        assertThat(server.patch(path, other.token(), "{\"folders\":[]}").status()).isEqualTo(404);
        assertThat(server.delete(path, other.token()).status()).isEqualTo(404);
        assertThat(server.get("/api/v1/me/connections", other.token()).json().get("items")).isEmpty();
        assertThat(server.get("/api/v1/admin/connections", other.token()).status()).isEqualTo(403);
        assertThat(server.delete(path, owner.token()).status()).isEqualTo(204);
        assertThat(server.app().connections().find(c.id())).isEmpty();
    }

    @Test
    void aRoundWhoseServerDiedIsShownIncompleteNotSyncingForever() {
        TestServer.Staff owner = server.staff("died.round@unsilo.test", "Died");
        ConnectionRow c = server.app().connections().connect(owner.id(), Provider.MICROSOFT, "rt-died");
        server.app().db().write(h -> h.createUpdate("UPDATE mailbox_connection SET status = 'syncing', lease_until = 1"
                + " WHERE id = :id").bind("id", c.id()).execute());
        com.fasterxml.jackson.databind.JsonNode v = server.get("/api/v1/me/connections", owner.token()).json().get("items").get(0);
        assertThat(v.get("status").asText()).isEqualTo("incomplete");
        assertThat(v.get("healthy").asBoolean()).isFalse();
        assertThat(v.get("lastError").asText()).contains("stopped before it finished");
    }

    @Test
    void theCallbackRejectsAnUnknownStateAsAProblem() {
        TestServer.Response r = server.send(HttpRequest.newBuilder(
                URI.create(server.url("/oauth/google/callback?state=forged&code=x"))).GET(), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).contains("unknown");
    }

    @Test
    void aDeclinedSignInIsOnlyReportedForAStateThisServerIssuedAndUsesItUp() {
        TestServer.Response forged = server.send(HttpRequest.newBuilder(URI.create(server.url(
                "/oauth/microsoft/callback?state=forged&error=access_denied"))).GET(), null);
        assertThat(forged.status()).as("a crafted link puts nothing on the settings page").isEqualTo(400);
        assertThat(forged.contentType()).startsWith("application/problem+json");

        TestServer.Response started = server.post("/api/v1/me/connections", server.adminToken(), "{\"provider\":\"microsoft\"}");
        assertThat(started.status()).as(started.body()).isIn(200, 201);
        String url = started.json().get("authorizationUrl").asText();
        String state = java.util.Arrays.stream(URI.create(url).getRawQuery().split("&"))
                .filter(q -> q.startsWith("state=")).findFirst().orElseThrow().substring("state=".length());
        URI declined = URI.create(server.url("/oauth/microsoft/callback?state=" + state + "&error=access_denied"));
        TestServer.Response first = server.send(HttpRequest.newBuilder(declined).GET(), null);
        assertThat(first.status()).isEqualTo(302);
        assertThat(first.header("Location")).contains("/settings?error=microsoft");
        assertThat(server.send(HttpRequest.newBuilder(declined).GET(), null).status()).as("used up").isEqualTo(400);
    }
}
