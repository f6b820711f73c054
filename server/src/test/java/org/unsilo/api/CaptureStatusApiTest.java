package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.SchemaCheck;
import org.unsilo.testing.ProblemAssert;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/** The add-ins' "already logged" state and "log when sent" notes, their documented shapes, and CORS on /api. */
class CaptureStatusApiTest {

    private static TestServer server;
    private static SchemaCheck schemas;
    private static JsonNode doc;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(ConfigLoader.INTERNAL_DOMAINS, "unsilo.test",
                ConfigLoader.CORS_ORIGINS, "https://crm-tools.example.com"));
        doc = server.get("/api/openapi.json", null).json();
        schemas = new SchemaCheck(doc);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode fits(TestServer.Response r, String path, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        String ref = doc.path("paths").path(path).path("post").path("responses").path(Integer.toString(status))
                .path("content").path("application/json").path("schema").path("$ref").asText();
        assertThat(schemas.violations(schemas.resolve(ref), r.json())).as(r.body()).isEmpty();
        return r.json();
    }

    @Test
    void statusSaysWhoLoggedAMessageAndHidesPrivateOnesFromOthers() {
        TestServer.Staff ann = server.staff("ann@unsilo.test", "Ann");
        TestServer.Staff ben = server.staff("ben@unsilo.test", "Ben");
        String mid = "<status-1@acme.example>";
        String status = "/api/v1/captures/status";
        JsonNode none = fits(server.post(status, ann.token(), TestJson.write(Map.of("internetMessageId", mid))), status, 200);
        assertThat(none.path("logged").asBoolean()).isFalse();

        server.capture(ann.token(), CaptureJson.from("kim@acme.example").to("ann@unsilo.test").messageId(mid).subject("Offer"));
        server.capture(ben.token(), CaptureJson.from("kim@acme.example").to("ann@unsilo.test").messageId(mid).subject("Offer"));
        JsonNode logged = fits(server.post(status, ben.token(), TestJson.write(Map.of("internetMessageId", mid))), status, 200);
        assertThat(logged.path("logged").asBoolean()).isTrue();
        assertThat(TestJson.texts(logged.path("loggedBy"), "source")).containsExactly("api", "api");
        assertThat(logged.path("loggedBy").findValuesAsText("email")).containsExactly("ann@unsilo.test", "ben@unsilo.test");

        String secret = "<status-2@acme.example>";
        server.capture(ann.token(), CaptureJson.from("kim@acme.example").to("ann@unsilo.test").messageId(secret).markPrivate());
        assertThat(server.post(status, ben.token(), TestJson.write(Map.of("internetMessageId", secret))).json()
                .path("logged").asBoolean()).isFalse();
        assertThat(server.post(status, ann.token(), TestJson.write(Map.of("internetMessageId", secret))).json()
                .path("logged").asBoolean()).isTrue();

        assertThat(server.post(status, ann.token(), "{}").status()).isEqualTo(400);
        assertThat(server.post(status, null, TestJson.write(Map.of("internetMessageId", mid))).status()).isEqualTo(401);
    }

    @Test
    void aNoteIsResolvedByTheUsersNextCaptureOfThatMessageOnly() {
        TestServer.Staff cy = server.staff("cy@unsilo.test", "Cy");
        TestServer.Staff di = server.staff("di@unsilo.test", "Di");
        String pendingPath = "/api/v1/pending-captures";
        JsonNode note = fits(server.post(pendingPath, cy.token(), TestJson.write(Map.of("subject", "Pricing",
                "to", List.of("Lee <lee@omega.example>"), "cc", List.of(Map.of("address", "MAX@omega.example"))))), pendingPath, 201);
        assertThat(note.path("matchedAt").isNull()).isTrue();
        assertThat(server.post(pendingPath, cy.token(), "{\"subject\": \"x\"}").status()).as("no recipients").isEqualTo(400);

        Map<String, Object> ask = Map.of("internetMessageId", "<p-1@unsilo.test>", "subject", "RE: Pricing",
                "to", List.of("lee@omega.example"), "cc", List.of("max@omega.example"));
        String status = "/api/v1/captures/status";
        assertThat(fits(server.post(status, cy.token(), TestJson.write(ask)), status, 200).path("pendingCapture").path("id").asLong())
                .isEqualTo(note.path("id").asLong());
        assertThat(server.post(status, di.token(), TestJson.write(ask)).json().path("pendingCapture").isNull())
                .as("another user's note").isTrue();

        server.capture(di.token(), CaptureJson.from("cy@unsilo.test").to("lee@omega.example").cc("max@omega.example")
                .subject("Pricing").messageId("<p-1@unsilo.test>"));
        assertThat(server.post(status, cy.token(), TestJson.write(Map.of("internetMessageId", "<p-2@unsilo.test>",
                "subject", "Pricing", "to", List.of("lee@omega.example"), "cc", List.of("max@omega.example")))).json()
                .path("pendingCapture").isNull()).as("Di's capture does not resolve Cy's note").isFalse();
        server.capture(cy.token(), CaptureJson.from("cy@unsilo.test").to("lee@omega.example").cc("max@omega.example")
                .subject("Pricing").messageId("<p-1@unsilo.test>"));
        assertThat(server.post(status, cy.token(), TestJson.write(Map.of("internetMessageId", "<p-2@unsilo.test>",
                "subject", "Pricing", "to", List.of("lee@omega.example"), "cc", List.of("max@omega.example")))).json()
                .path("pendingCapture").isNull()).as("resolved").isTrue();
    }

    @Test
    void aNoteIsAlsoResolvedWhenTheSentMessageArrivesByMailboxSyncOrImport() {
        TestServer.Staff ed = server.staff("ed@unsilo.test", "Ed");
        server.post("/api/v1/pending-captures", ed.token(), TestJson.write(Map.of("subject", "Renewal",
                "to", List.of("ria@sigma.example"))));
        // Sync and imports store through CaptureService.captureAll, not through POST /api/v1/captures.
        org.unsilo.capture.Capture sent = new org.unsilo.capture.Capture(org.unsilo.capture.Capture.Source.API,
                ed.id(), "<sync-1@unsilo.test>", null, null, "Renewal", java.time.Instant.now(),
                org.unsilo.capture.Party.of("ed@unsilo.test", null), List.of(org.unsilo.capture.Party.of("ria@sigma.example", null)),
                List.of(), null, null, Map.of(), false);
        server.app().captures().captureAll(List.of(sent), h -> { });

        JsonNode status = server.post("/api/v1/captures/status", ed.token(), TestJson.write(Map.of(
                "internetMessageId", "<other@unsilo.test>", "subject", "Renewal", "to", List.of("ria@sigma.example")))).json();
        assertThat(status.path("pendingCapture").isNull()).as("resolved by the synced copy").isTrue();
    }

    @Test
    void aNoteWithoutOneValidRecipientIsRefusedAndMatchesNothing() {
        TestServer.Staff fay = server.staff("fay@unsilo.test", "Fay");
        TestServer.Response refused = server.post("/api/v1/pending-captures", fay.token(), TestJson.write(Map.of("subject", "Hi",
                "to", List.of("bad"), "cc", List.of("also bad"))));
        ProblemAssert.assertFieldError(refused, 400, "to");
        assertThat(refused.json().path("detail").asText()).contains("none of the recipients is a valid e-mail address");

        JsonNode status = server.post("/api/v1/captures/status", fay.token(), TestJson.write(Map.of(
                "internetMessageId", "<anything@x.example>"))).json();
        assertThat(status.path("pendingCapture").isNull()).as("%s", status).isTrue();
    }

    @Test
    void corsAllowsOnlyTheListedOriginsAndSameOrigin() {
        HttpRequest.Builder preflight = HttpRequest.newBuilder(URI.create(server.url("/api/v1/lookup")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://crm-tools.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type");
        TestServer.Response allowed = server.send(preflight, null);
        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://crm-tools.example.com");
        assertThat(allowed.header("Access-Control-Allow-Headers")).contains("Authorization");
        assertThat(allowed.header("Access-Control-Allow-Credentials")).as("bearer tokens only, no cookies").isNull();

        TestServer.Response evil = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/me")))
                .header("Origin", "https://evil.example").GET(), server.adminToken());
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        TestServer.Response same = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/v1/me")))
                .header("Origin", server.url("")).GET(), server.adminToken());
        assertThat(same.status()).isEqualTo(200);
    }
}
