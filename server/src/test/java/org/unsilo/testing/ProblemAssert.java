package org.unsilo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Checks that a response is an RFC 9457 problem (DESIGN.md §7) and digs out its field errors. */
public final class ProblemAssert {

    public static final String PROBLEM_JSON = "application/problem+json";

    private ProblemAssert() {
    }

    /** Asserts status, media type and the problem members a client relies on; returns the problem body. */
    public static JsonNode assertProblem(TestServer.Response r, int status) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.contentType()).as("Content-Type of %s", r.body()).startsWith(PROBLEM_JSON);
        JsonNode p = r.json();
        assertThat(p.path("status").asInt()).as("problem status").isEqualTo(status);
        assertThat(p.path("type").asText()).as("problem type").isNotBlank();
        assertThat(p.path("title").asText()).as("problem title").isNotBlank();
        assertThat(p.path("detail").asText()).as("problem detail").isNotBlank();
        assertThat(p.path("instance").asText()).as("problem instance").startsWith("/");
        return p;
    }

    /** Asserts a validation problem whose {@code errors[]} names {@code field}; returns that error's message. */
    public static String assertFieldError(TestServer.Response r, int status, String field) {
        JsonNode p = assertProblem(r, status);
        List<String> fields = TestJson.texts(p.path("errors"), "field");
        assertThat(fields).as("errors[] of %s", r.body()).contains(field);
        for (JsonNode e : p.path("errors")) {
            if (field.equals(e.path("field").asText())) {
                assertThat(e.path("message").asText()).as("message for %s", field).isNotBlank();
                return e.path("message").asText();
            }
        }
        throw new AssertionError("unreachable");
    }
}
