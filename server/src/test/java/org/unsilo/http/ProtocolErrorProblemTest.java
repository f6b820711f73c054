package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.RawHttp;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The problem that Jetty's own refusals ({@link ProtocolErrorHandler}) carry names the request's path as its
 * {@code instance} when the request line could be read, and no instance when it could not: never the path of Jetty's
 * stand-in request.
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
    }

    @Test
    void aPathThatCannotBeDecodedIsNoInstance() {
        JsonNode problem = problem("GET /api/v1/contacts/%ZZ HTTP/1.1\r\n", 400);
        assertThat(problem.has("instance")).as(problem.toString()).isFalse();
        assertThat(problem.path("title").asText()).isEqualTo("Bad Request");
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
