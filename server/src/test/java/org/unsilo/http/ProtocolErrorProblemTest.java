package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.RawHttp;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The problem that Jetty's own refusals ({@link ProtocolErrorHandler}) carry names the request's path as its
 * {@code instance} when the request line could be read, and no instance when it could not: never the path of Jetty's
 * stand-in request. Its detail says what is wrong ({@link ProtocolErrorDetail}), not just the status again, and
 * quotes none of the request.
 */
class ProtocolErrorProblemTest {

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBadHeaderNamesTheRequestsPath() {
        JsonNode problem = problem("POST /api/v1/contacts HTTP/1.1\r\nContent-Length: abc\r\n", 400);
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/contacts");
        assertThat(problem.path("detail").asText()).isEqualTo("Invalid Content-Length Value");
    }

    @Test
    void headerFieldsTooLargeNameTheRequestsPath() {
        JsonNode problem = problem("GET /contacts HTTP/1.1\r\nX-Big: " + "v".repeat(40_000) + "\r\n", 431);
        assertThat(problem.path("instance").asText()).isEqualTo("/contacts");
        assertThat(problem.path("detail").asText())
                .matches("the request's header fields are too large: .* at most \\d+ bytes together");
    }

    @Test
    void aPathThatCannotBeDecodedIsNoInstance() {
        JsonNode problem = problem("GET /api/v1/contacts/%ZZ HTTP/1.1\r\n", 400);
        assertThat(problem.has("instance")).as(problem.toString()).isFalse();
        assertThat(problem.path("title").asText()).isEqualTo("Bad Request");
    }

    @Test
    void aPathOfBytesThatAreNotUtf8SaysSo() {
        JsonNode problem = problem("GET /api/v1/contacts/%ff%fe HTTP/1.1\r\n", 400);
        assertThat(problem.path("detail").asText()).startsWith("the request's path is not valid percent-encoded UTF-8: ")
                .doesNotContainIgnoringCase("%ff");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/contacts/%ff%fe");
    }

    @Test
    void aBrokenPercentEscapeSaysThePathIsNotPercentEncodedUtf8() {
        for (String escape : List.of("%", "%ZZ", "%2", "%00")) {
            JsonNode problem = problem("GET /api/v1/contacts/" + escape + " HTTP/1.1\r\n", 400);
            assertThat(problem.path("detail").asText()).as(escape)
                    .startsWith("the request's path is not valid percent-encoded UTF-8: every % must begin an escape of"
                            + " two hex digits")
                    .doesNotContain("contacts", "ZZ");
        }
    }

    @Test
    void aBadContentLengthIsSaidSoEvenOnAPathThatIsNotUtf8() {
        JsonNode problem = problem("POST /api/v1/contacts/%ff HTTP/1.1\r\nContent-Length: abc\r\n", 400);
        assertThat(problem.path("detail").asText()).isEqualTo("Invalid Content-Length Value");
    }

    @Test
    void aTargetThatIsNoPathIsAMalformedRequest() {
        JsonNode problem = problem("GET contacts HTTP/1.1\r\n", 400);
        assertThat(problem.path("detail").asText())
                .isEqualTo("the request is not valid HTTP/1.1: its request line or header fields are malformed");
    }

    @Test
    void aTargetTooLongSaysHowLongOneMayBe() {
        JsonNode problem = problem("GET /contacts/" + "a".repeat(20_000) + " HTTP/1.1\r\n", 414);
        assertThat(problem.path("detail").asText())
                .matches("the request target \\(path and query\\) is too long: .* at most \\d+ bytes together");
    }

    @Test
    void aBrokenRequestLineIsNoInstance() {
        JsonNode problem = problem("GET /contacts HTTP/9.x\r\n", 505);
        assertThat(problem.has("instance")).as(problem.toString()).isFalse();
    }

    /** The problem Jetty answers to {@code head} (request line and fields, each ending in CRLF), with {@code status}. */
    private static JsonNode problem(String head, int status) {
        String answer = RawHttp.exchange(server.app().port(), head + "Host: x\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 " + status + " ").contains("application/problem+json");
        JsonNode problem = TestJson.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }
}
