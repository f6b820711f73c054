package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.RawHttp;
import org.unsilo.testing.ProblemAssert;
import org.unsilo.testing.TestServer;

/**
 * Regressions for what the fuzz test (org.unsilo.fuzz.ApiFuzzTest) found: each request here once got a 500, a
 * 2xx it should not have, or a refusal without a problem+json body.
 */
class FuzzFindingsTest {

    private static TestServer server;
    private static String token;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.member("fuzzed@unsilo.test", "Fuzzed Member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jsonBeyondTheParserLimitsIsABadRequestNotAServerError() {
        for (String body : new String[] {"[".repeat(5000), "{\"a\":".repeat(5000) + "1",
                "{\"internetMessageId\":" + "9".repeat(2000) + "}"}) {
            for (String path : new String[] {"/api/v1/captures/status", "/api/v1/pending-captures", "/api/v1/contacts"}) {
                TestServer.Response r = server.post(path, token, body);

                ProblemAssert.assertProblem(r, 400);
                assertThat(r.body()).doesNotContain("StreamReadConstraints", "java.", "com.fasterxml");
            }
        }
    }

    @Test
    void aFractionIsNotAnId() {
        ProblemAssert.assertFieldError(server.post("/api/v1/contacts", token,
                "{\"name\":\"Half\",\"organizationId\":1.5}"), 400, "organizationId");
    }

    @Test
    void bodiesInAnotherMediaTypeAreRefusedWith415() {
        String lookup = "{\"addresses\":[\"a@client.example\"]}";
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1"}) {
            JsonNode p = ProblemAssert.assertProblem(server.send(lookup(lookup).header("Content-Type", type), token), 415);
            assertThat(p.path("detail").asText()).contains("application/json");
        }
        assertThat(server.send(lookup(lookup).header("Content-Type", "application/json; charset=UTF-8"), token).status())
                .isEqualTo(200);
        assertThat(server.send(lookup(lookup), token).status()).as("no Content-Type at all, as from a script").isEqualTo(200);
    }

    private static HttpRequest.Builder lookup(String body) {
        return HttpRequest.newBuilder(URI.create(server.url("/api/v1/lookup"))).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void idsAndNumbersAreAsciiDigitsOnly() {
        // Long.parseLong reads '１' (U+FF11) and '١' (U+0661) as 1.
        ProblemAssert.assertProblem(server.get("/api/v1/admin/users/%EF%BC%91/tokens", server.adminToken()), 404);
        ProblemAssert.assertProblem(server.get("/api/v1/contacts/%D9%A1", token), 404);
        ProblemAssert.assertFieldError(server.get("/api/v1/contacts?limit=%EF%BC%95", token), 400, "limit");
        ProblemAssert.assertFieldError(server.get("/api/v1/contacts?organization=0", token), 400, "organization");
        ProblemAssert.assertFieldError(server.get("/api/v1/relationships?user=-1", server.adminToken()), 400, "user");
        // The same in a cursor: base64url of "１" and of "١".
        for (String digits : java.util.List.of("１", "١")) {
            String cursor = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digits.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ProblemAssert.assertProblem(server.get("/api/v1/contacts?cursor=" + cursor, token), 400);
        }
        ProblemAssert.assertProblem(server.get("/api/v1/relationships?user=999999", server.adminToken()), 404);
    }

    @Test
    void relationshipFlagsAndCursorsAreChecked() {
        ProblemAssert.assertFieldError(server.get("/api/v1/relationships?cooling=yes", token), 400, "cooling");
        ProblemAssert.assertProblem(server.get("/api/v1/relationships?cooling=true&cursor=garbage!", token), 400);
        assertThat(server.get("/api/v1/relationships?cooling=FALSE", token).status()).isEqualTo(200);
    }

    @Test
    void anIdempotencyKeyIsPrintableAscii() throws IOException {
        String capture = "{\"from\":\"a@client.example\",\"to\":[\"fuzzed@unsilo.test\"],\"subject\":\"Key\"}";
        String answer = raw("POST /api/v1/captures HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + capture.length() + "\r\nIdempotency-Key: ",
                "ключ".getBytes(StandardCharsets.UTF_8), "\r\n\r\n" + capture);

        assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("printable ASCII");
    }

    @Test
    void brokenMultipartAndChunkedBodiesAreBadRequests() throws IOException {
        String multipart = raw("POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: unsilo_login=abc\r\n"
                + "Content-Type: multipart/form-data; boundary=zz\r\nContent-Length: 12\r\n", new byte[0], "\r\n--zz\r\nbroken");
        String chunked = raw("POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n", new byte[0], "\r\nzz\r\n{}\r\n0\r\n");

        assertThat(multipart).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(chunked).startsWith("HTTP/1.1 400").contains("application/problem+json");
    }

    @Test
    void errorsJettyAnswersItselfAreProblemsForEveryMethod() throws IOException {
        String tooLarge = raw("PATCH /api/v1/contacts/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                + "v".repeat(40_000) + "\r\nContent-Length: 0\r\n", new byte[0], "\r\n");
        String badPath = raw("DELETE /api/v1/contacts/%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                + token + "\r\n", new byte[0], "\r\n");

        assertThat(tooLarge).startsWith("HTTP/1.1 431").contains("application/problem+json").contains("\"detail\":\"");
        assertThat(badPath).startsWith("HTTP/1.1 400").contains("application/problem+json").contains("\"detail\":\"");
    }

    @Test
    void anUploadNeedsAFileName() {
        HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(server.url(
                        "/api/v1/admin/imports/upload?kind=contacts&owner=fuzzed%40unsilo.test&filename=%2F%2F")))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("BEGIN:VCARD\nEND:VCARD\n"));

        ProblemAssert.assertFieldError(server.send(upload, server.adminToken()), 400, "filename");
    }

    /** Sends {@code head}, then {@code middle} as raw bytes, then {@code tail}; returns the whole answer. */
    private static String raw(String head, byte[] middle, String tail) {
        return new String(RawHttp.exchange(server.app().port(), List.of(head.getBytes(StandardCharsets.UTF_8), middle,
                tail.getBytes(StandardCharsets.UTF_8))), StandardCharsets.ISO_8859_1);
    }
}
