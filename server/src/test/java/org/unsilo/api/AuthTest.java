package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.http.RouteTable;
import org.unsilo.testing.LogCapture;
import org.unsilo.testing.ProblemAssert;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/** Bearer tokens on /api (DESIGN.md §7): who gets in, who is turned away, and that secrets stay secret. */
class AuthTest {

    private static TestServer server;
    private static TestServer.Staff member;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        member = server.staff("mia@unsilo.test", "Mia Member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A new token for the member, issued through the API as a client would get one. */
    private static JsonNode issueToken(String name) {
        TestServer.Response r = server.post("/api/v1/me/tokens", member.token(), TestJson.write(Map.of("name", name)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("token").asText()).startsWith("uns_");
        return r.json();
    }

    private static void assertUnauthorized(TestServer.Response r) {
        ProblemAssert.assertProblem(r, 401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    /** Registered routes under {@code prefix}. */
    private static List<RouteTable.Route> routesUnder(String prefix) {
        return server.app().routes().stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** Calls a route with {id} and {address} filled in (the member's, so they exist) and an empty JSON body. */
    private static TestServer.Response call(RouteTable.Route route, String token) {
        String path = route.path().replace("{id}", Long.toString(member.id())).replace("{address}", member.user().email());
        return switch (route.method()) {
            case "get" -> server.get(path, token);
            case "post" -> server.post(path, token, "{}");
            case "patch" -> server.patch(path, token, "{}");
            case "delete" -> server.delete(path, token);
            default -> throw new IllegalArgumentException(route.method());
        };
    }

    @Test
    void everyApiRouteNeedsAToken() {
        List<RouteTable.Route> routes = routesUnder("/api/v1/");
        assertThat(routes).hasSizeGreaterThan(20);
        for (RouteTable.Route route : routes) {
            TestServer.Response r = call(route, null);
            assertThat(r.status()).as("%s %s", route.method(), route.path()).isEqualTo(401);
            assertUnauthorized(r);
        }
    }

    @Test
    void missingUnknownAndMalformedTokensAreUnauthorized() {
        assertUnauthorized(server.get("/api/v1/me", null));
        assertUnauthorized(server.get("/api/v1/me", "uns_" + "A".repeat(43)));
        assertUnauthorized(server.get("/api/v1/me", "not-even-our-format"));
        assertUnauthorized(server.get("/api/v1/me", member.token() + "x"));
        HttpRequest.Builder basic = HttpRequest.newBuilder(URI.create(server.url("/api/v1/me")))
                .header("Authorization", "Basic " + member.token());
        assertUnauthorized(server.send(basic, null));

        // The same token, sent properly, works: the 401s above are about the token, not the route.
        assertThat(server.get("/api/v1/me", member.token()).json().path("email").asText()).isEqualTo("mia@unsilo.test");
    }

    @Test
    void aTokenRevokedByItsOwnerStopsWorking() {
        JsonNode issued = issueToken("laptop");
        String secret = issued.path("token").asText();
        assertThat(server.get("/api/v1/me", secret).status()).isEqualTo(200);

        TestServer.Response revoke = server.delete("/api/v1/me/tokens/" + issued.path("id").asLong(), member.token());

        assertThat(revoke.status()).isEqualTo(204);
        assertUnauthorized(server.get("/api/v1/me", secret));
        JsonNode listed = null;
        for (JsonNode t : server.get("/api/v1/me/tokens", member.token()).json().path("items")) {
            if (t.path("id").asLong() == issued.path("id").asLong()) {
                listed = t;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("revokedAt").isNull()).isFalse();
        assertThat(listed.toString()).doesNotContain(secret);
        // The member's other token is untouched.
        assertThat(server.get("/api/v1/me", member.token()).status()).isEqualTo(200);
    }

    @Test
    void aCachedTokenIsRejectedRightAfterRevocation() {
        // Successful authentications are cached for 30 s; a revoke in this process must drop the entry at once,
        // even after many cached uses and while other requests with the token are under way.
        JsonNode issued = issueToken("cached");
        String secret = issued.path("token").asText();
        for (int i = 0; i < 5; i++) {
            assertThat(server.get("/api/v1/me", secret).status()).isEqualTo(200);
        }
        assertThat(server.app().tokens().authenticate(secret)).isPresent();

        assertThat(server.app().tokens().revoke(issued.path("id").asLong())).isTrue();

        assertThat(server.app().tokens().authenticate(secret)).isEmpty();
        assertUnauthorized(server.get("/api/v1/me", secret));
        assertUnauthorized(server.get("/api/v1/me", secret));
    }

    @Test
    void aFreshTokenWorksAtOnceAfterAFailedAttemptWithAnotherOne() {
        // Failures are not cached: an unknown token then a newly created one both get their true answer.
        assertUnauthorized(server.get("/api/v1/me", "uns_notAToken"));
        String secret = issueToken("fresh").path("token").asText();
        assertThat(server.get("/api/v1/me", secret).status()).isEqualTo(200);
    }

    @Test
    void anAdminCanRevokeAnyonesToken() {
        TestServer.Response issued = server.post("/api/v1/admin/users/" + member.id() + "/tokens", server.adminToken(),
                TestJson.write(Map.of("name", "issued by admin")));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String secret = issued.json().path("token").asText();
        assertThat(server.get("/api/v1/me", secret).status()).isEqualTo(200);

        TestServer.Response revoke = server.delete("/api/v1/admin/tokens/" + issued.json().path("id").asLong(),
                server.adminToken());

        assertThat(revoke.status()).isEqualTo(204);
        assertUnauthorized(server.get("/api/v1/me", secret));
    }

    @Test
    void membersCannotRevokeOtherPeoplesTokens() {
        long adminTokenId = server.app().tokens().listForUser(server.admin().id()).get(0).id();

        ProblemAssert.assertProblem(server.delete("/api/v1/me/tokens/" + adminTokenId, member.token()), 404);

        assertThat(server.get("/api/v1/me", server.adminToken()).status()).isEqualTo(200);
    }

    @Test
    void membersAreForbiddenEveryAdminRoute() {
        List<RouteTable.Route> adminRoutes = routesUnder("/api/v1/admin/");
        assertThat(adminRoutes).extracting(RouteTable.Route::method).contains("get", "post", "delete");
        for (RouteTable.Route route : adminRoutes) {
            TestServer.Response r = call(route, member.token());
            assertThat(r.status()).as("%s %s", route.method(), route.path()).isEqualTo(403);
            ProblemAssert.assertProblem(r, 403);
        }
        // The same routes work for an admin, so the 403 is about the role and not a broken route.
        assertThat(server.get("/api/v1/admin/stats", server.adminToken()).status()).isEqualTo(200);
        assertThat(server.get("/api/v1/admin/users", server.adminToken()).status()).isEqualTo(200);
    }

    @Test
    void tokensNeverReachTheLog() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(member.token(), server.adminToken()));
        try (LogCapture log = new LogCapture()) {
            JsonNode issued = issueToken("logged?");
            secrets.add(issued.path("token").asText());
            server.get("/api/v1/me", issued.path("token").asText());
            // A token in the query string (some clients do this) must not be logged with the path either.
            server.get("/api/v1/me?access_token=" + member.token(), member.token());
            server.get("/api/v1/me", member.token() + "-wrong");
            server.delete("/api/v1/me/tokens/" + issued.path("id").asLong(), member.token());
            server.get("/api/v1/me", issued.path("token").asText());
            log.awaitLine(l -> l.contains("GET /api/v1/me 401"), Duration.ofSeconds(5));

            List<String> lines = log.lines();
            assertThat(lines).anyMatch(l -> l.contains("POST /api/v1/me/tokens 201") && l.endsWith("ms user " + member.id()));
            assertThat(lines).as("no user for a refused token").anyMatch(l -> l.matches(".*GET /api/v1/me 401 \\d+ms"));
            for (String secret : secrets) {
                // The random part alone is enough to steal a token, so look for that, not just the full string.
                String randomPart = secret.substring("uns_".length());
                assertThat(lines).noneMatch(l -> l.contains(randomPart));
            }
            assertThat(lines).noneMatch(l -> l.contains("access_token"));
        }
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws IOException {
        String secret = issueToken("stored hashed").path("token").asText();
        String randomPart = secret.substring("uns_".length());

        List<Map<String, Object>> rows = server.app().db().read(h -> h.createQuery("SELECT * FROM api_token").mapToMap().list());
        assertThat(rows).hasSizeGreaterThanOrEqualTo(3);
        for (Map<String, Object> row : rows) {
            assertThat(String.valueOf(row.get("token_hash"))).matches("[0-9a-f]{64}");
            for (Object value : row.values()) {
                assertThat(String.valueOf(value)).doesNotContain(randomPart);
            }
        }
        // Nor anywhere else in the database files: not in another table, not in the WAL.
        try (Stream<Path> files = Files.list(server.dataDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain(randomPart);
            }
        }
    }
}
