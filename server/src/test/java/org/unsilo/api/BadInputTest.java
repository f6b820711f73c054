package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.ProblemAssert;
import org.unsilo.testing.RawHttp;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestDatabase;
import org.unsilo.testing.TestServer;

/**
 * Robustness (DESIGN.md §12): hostile or broken requests get a clear 4xx problem+json, the server stays
 * up, and nothing is half-written. Every case checks the row count of every table before and after.
 */
class BadInputTest {

    private static final String CAPTURES = "/api/v1/captures";

    private static TestServer server;
    private static String token;
    private Map<String, Long> rowsBefore;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        token = server.member("alice@unsilo.test", "Alice Staff");
        // Some data, so "nothing changed" is checked against a store that is not empty.
        TestServer.Response seeded = server.capture(token, CaptureJson.from("seed@client.example").to("alice@unsilo.test"));
        assertThat(seeded.status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Row counts of every application table: a half-written capture would show up in one of them. */
    private static Map<String, Long> rowCounts() {
        // Activity events are written in the background; flush them so they are counted where they happened.
        server.app().activity().flush();
        return server.app().db().read(h -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String t : TestDatabase.tables(h)) {
                counts.put(t, h.createQuery("SELECT COUNT(*) FROM " + t).mapTo(Long.class).one());
            }
            return counts;
        });
    }

    @BeforeEach
    void countRows() {
        rowsBefore = rowCounts();
    }

    @AfterEach
    void nothingWrittenAndStillReady() {
        assertThat(rowCounts()).isEqualTo(rowsBefore);
        TestServer.Response ready = server.get("/ready", null);
        assertThat(ready.status()).isEqualTo(200);
    }

    private static String valid(java.util.function.Consumer<CaptureJson> change) {
        CaptureJson c = CaptureJson.from("bad-input@client.example").to("alice@unsilo.test");
        change.accept(c);
        return c.json();
    }

    static Stream<Arguments> invalidCaptures() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String future = Instant.now().plus(30, ChronoUnit.DAYS).toString();
        return Stream.of(
                Arguments.of("to is a number", valid(c -> c.setJson("to", IntNode.valueOf(5))), "to"),
                Arguments.of("sentAt is a number", valid(c -> c.setJson("sentAt", IntNode.valueOf(12))), "sentAt"),
                Arguments.of("sentAt is not a date", valid(c -> c.set("sentAt", "yesterday")), "sentAt"),
                Arguments.of("sentAt in the future", valid(c -> c.set("sentAt", future)), "sentAt"),
                Arguments.of("private is a string", valid(c -> c.setJson("private", TextNode.valueOf("yes"))), "private"),
                Arguments.of("from is missing", valid(c -> c.remove("from")), "from"),
                Arguments.of("subject is a number", valid(c -> c.setJson("subject", IntNode.valueOf(12))), "subject"),
                Arguments.of("bodyText is true", valid(c -> c.setJson("bodyText", f.booleanNode(true))), "bodyText"),
                Arguments.of("from is a number", valid(c -> c.setJson("from", IntNode.valueOf(7))), "from"),
                Arguments.of("a header value is an object", valid(c -> c.setJson("headers",
                        f.objectNode().set("List-Id", f.objectNode()))), "headers.List-Id"),
                Arguments.of("recipient without address", valid(c -> c.setJson("to",
                        f.arrayNode().add(f.objectNode().put("name", "No Address")))), "to[0].address"),
                Arguments.of("recipient is null", valid(c -> c.setJson("to", f.arrayNode().addNull())), "to[0]"),
                Arguments.of("unknown field", valid(c -> c.set("colour", "red")), "colour"),
                Arguments.of("unknown field in a party", valid(c -> c.setJson("from",
                        f.objectNode().put("address", "a@client.example").put("role", "boss"))), "from.role"),
                Arguments.of("control character in subject", valid(c -> c.subject("Hello\u0007World")), "subject"),
                Arguments.of("NUL in subject", valid(c -> c.subject("Hello\u0000")), "subject"),
                Arguments.of("control character in a name", valid(c -> c.setJson("from",
                        f.objectNode().put("address", "ctl@client.example").put("name", "Eve\u001b[31m"))), "from.name"),
                Arguments.of("escape sequence in a header name", valid(c -> c.header("X-\u001bBad", "v")), "headers.X-\u001bBad"),
                Arguments.of("unpaired surrogate in subject", valid(c -> c.subject("@@")).replace("@@", "Half \\ud83d emoji"),
                        "subject"),
                Arguments.of("unpaired surrogate in a name", valid(c -> c.setJson("from", JsonNodeFactory.instance.objectNode()
                        .put("address", "s@client.example").put("name", "@@"))).replace("@@", "\\udc00"), "from.name"),
                Arguments.of("unknown source", valid(c -> c.set("source", "carrier-pigeon")), "source"),
                Arguments.of("10,000 recipients", valid(c -> c.to(Collections.nCopies(10_000, "many@client.example")
                        .toArray(String[]::new))), "to"),
                Arguments.of("subject of 5,000 characters", valid(c -> c.subject("s".repeat(5000))), "subject"),
                Arguments.of("JSON array instead of an object", "[" + valid(c -> { }) + "]", "(body)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCaptures")
    void invalidCapturesAreRefusedNamingTheField(String name, String body, String field) {
        TestServer.Response r = server.post(CAPTURES, token, body);

        ProblemAssert.assertFieldError(r, 400, field);
        assertThat(r.json().path("detail").asText()).as("detail").contains(field.replaceAll("\\[.*", ""));
        // Useful to an API client means in JSON terms: no Java class names or parser internals.
        assertThat(r.body()).doesNotContain("org.unsilo", "java.", "com.fasterxml", "Exception", "JsonToken");
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"from\": \"a@client.example\",", "malformed JSON"),
                Arguments.of("not JSON at all", "from=a@client.example", "malformed JSON"),
                Arguments.of("empty body", "", "empty"),
                Arguments.of("JSON null", "null", "null"),
                Arguments.of("two JSON values", valid(c -> { }) + " {}", "one JSON object"),
                Arguments.of("nesting 10,000 deep", "{\"subject\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", "subject"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadableBodiesAreRefusedWithAReason(String name, String body, String detailMentions) {
        TestServer.Response r = server.post(CAPTURES, token, body);

        JsonNode p = ProblemAssert.assertProblem(r, 400);
        assertThat(p.path("detail").asText()).containsIgnoringCase(detailMentions);
        assertThat(r.body()).doesNotContain("org.unsilo", "java.", "com.fasterxml", "Exception");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405NamingTheAllowedOnes() {
        TestServer.Response r = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/v1/me")))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"), token);
        ProblemAssert.assertProblem(r, 405);
        assertThat(r.header("Allow")).isEqualTo("GET");
        assertThat(r.json().path("detail").asText()).contains("PUT is not allowed on /api/v1/me");
        ProblemAssert.assertProblem(server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/v1/nothing")))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{}")), token), 404);
    }

    @Test
    void anInvalidOrBlankSenderIsUnprocessable() {
        TestServer.Response r = server.post(CAPTURES, token, valid(c -> c.set("from", "not-an-address")));

        ProblemAssert.assertFieldError(r, 422, "from");
        assertThat(r.json().path("detail").asText()).contains("missing '@'");
        ProblemAssert.assertFieldError(server.post(CAPTURES, token, valid(c -> c.set("from", " "))), 422, "from");
    }

    @Test
    void aTenMegabyteBodyIsTooLarge() throws Exception {
        byte[] huge = valid(c -> c.body("x".repeat(10 * 1024 * 1024))).getBytes(StandardCharsets.UTF_8);

        String answer = overASocket(CAPTURES, huge, false);

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json").contains("limit");
    }

    @Test
    void aTenMegabyteBodyWithoutContentLengthIsTooLarge() throws Exception {
        // Chunked transfer has no Content-Length, so only reading with a limit can stop it.
        byte[] huge = valid(c -> c.body("x".repeat(10 * 1024 * 1024))).getBytes(StandardCharsets.UTF_8);

        String answer = overASocket(CAPTURES, huge, true);

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
    }

    /** Sends {@code body} (chunked, or with its Content-Length) while reading the answer ({@link RawHttp}). */
    private String overASocket(String path, byte[] body, boolean chunked) {
        URI uri = URI.create(server.url(path));
        List<byte[]> parts = new ArrayList<>();
        parts.add(("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: application/json\r\n"
                + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length)
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        if (!chunked) {
            parts.add(body);
        }
        for (int from = 0; chunked && from < body.length; from += 65536) {
            int n = Math.min(65536, body.length - from);
            parts.add((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            parts.add(Arrays.copyOfRange(body, from, from + n));
            parts.add("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        if (chunked) {
            parts.add("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return new String(RawHttp.exchange(uri.getPort(), parts), StandardCharsets.ISO_8859_1);
    }

    @Test
    void otherEndpointsValidateTheirBodiesToo() {
        ProblemAssert.assertFieldError(server.post("/api/v1/lookup", token, "{}"), 400, "addresses");
        ProblemAssert.assertFieldError(server.post("/api/v1/lookup", token, TestJson.write(Map.of("addresses", List.of()))),
                400, "addresses");
        ProblemAssert.assertFieldError(server.post("/api/v1/lookup", token, TestJson.write(Map.of("addresses", 5))),
                400, "addresses");
        ProblemAssert.assertFieldError(server.post("/api/v1/contacts", token, "{}"), 400, "emails");
        ProblemAssert.assertFieldError(server.post("/api/v1/contacts", token,
                TestJson.write(Map.of("name", "Bell\u0007Ringer"))), 400, "name");
        ProblemAssert.assertFieldError(server.post("/api/v1/contacts", token,
                TestJson.write(Map.of("name", "Ok", "emails", List.of("broken@")))), 400, "emails");
        ProblemAssert.assertFieldError(server.post("/api/v1/contacts", token,
                TestJson.write(Map.of("name", "Ok", "organizationId", "seven"))), 400, "organizationId");
        ProblemAssert.assertFieldError(server.post("/api/v1/me/tokens", token, TestJson.write(Map.of("name", 5))), 400, "name");
        ProblemAssert.assertProblem(server.post("/api/v1/contacts/1/merge", token, "[]"), 400);
        ProblemAssert.assertProblem(server.get("/api/v1/contacts/abc", token), 404);
        ProblemAssert.assertProblem(server.get("/api/v1/no-such-route", token), 404);
    }
}
