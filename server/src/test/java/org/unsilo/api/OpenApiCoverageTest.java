package org.unsilo.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.http.RouteTable;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.SchemaCheck;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The OpenAPI document (DESIGN.md §7) against the server that serves it: the same routes in both
 * directions, the same security, and real responses that fit the documented schemas.
 */
class OpenApiCoverageTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private static TestServer server;
    private static JsonNode doc;
    private static SchemaCheck schemas;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        TestServer.Response r = server.get("/api/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        doc = r.json();
        schemas = new SchemaCheck(doc);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Set<String> documentedOperations() {
        Set<String> out = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                out.add(method + " " + path.getKey());
            }
        }));
        return out;
    }

    private static Set<String> registeredRoutes() {
        Set<String> out = new TreeSet<>();
        for (RouteTable.Route route : server.app().routes()) {
            out.add(route.method() + " " + route.path());
        }
        return out;
    }

    @Test
    void theDocumentIsOpenApi31WithBearerAuth() {
        assertThat(doc.path("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("info").path("version").asText()).isNotBlank();
        JsonNode bearer = doc.path("components").path("securitySchemes").path("bearerAuth");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(doc.path("security").toString()).isEqualTo("[{\"bearerAuth\":[]}]");
        // Every reference anywhere in the document points at something.
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        refs.forEach(schemas::resolve);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectRefs(child, refs));
    }

    @Test
    void everyRegisteredRouteIsDocumented() {
        Set<String> registered = registeredRoutes();
        assertThat(registered).contains("post /api/v1/captures", "get /api/v1/contacts/{id}", "delete /api/v1/admin/tokens/{id}");

        assertThat(documentedOperations()).containsAll(registered);
    }

    @Test
    void everyDocumentedOperationIsRegistered() {
        assertThat(registeredRoutes()).containsAll(documentedOperations());
    }

    @Test
    void operationsAreCompleteAndTheirSecurityIsTrue() {
        Set<String> operationIds = new HashSet<>();
        for (String operation : documentedOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            JsonNode op = doc.path("paths").path(path).path(method);
            assertThat(operationIds.add(op.path("operationId").asText())).as("unique operationId of %s", operation).isTrue();
            assertThat(op.path("summary").asText()).as("summary of %s", operation).isNotBlank();
            for (Matcher m = Pattern.compile("\\{(\\w+)}").matcher(path); m.find(); ) {
                assertThat(parameterNames(op)).as("path parameters of %s", operation).contains(m.group(1));
            }
            boolean documentedPublic = op.has("security") && op.get("security").isEmpty();
            TestServer.Response anonymous = call(method, path.replace("{id}", "1").replace("{address}", "someone@example.com"),
                    null, "{}");
            if (documentedPublic) {
                assertThat(anonymous.status()).as("%s works without a token", operation).isNotEqualTo(401);
            } else {
                assertThat(anonymous.status()).as("%s needs a token", operation).isEqualTo(401);
                assertThat(op.path("responses").has("401")).as("%s documents 401", operation).isTrue();
            }
            if (op.has("requestBody")) {
                // Any body can be over the size limit, and a JSON one in another media type (FuzzFindingsTest).
                assertThat(op.path("responses").has("413")).as("%s documents 413", operation).isTrue();
                if (op.path("requestBody").path("content").has("application/json")) {
                    assertThat(op.path("responses").has("415")).as("%s documents 415", operation).isTrue();
                }
            }
            if (parameterNames(op).contains("cursor")) {
                JsonNode page = schemas.resolve(op.path("responses").path("200").path("content")
                        .path("application/json").path("schema").path("$ref").asText());
                assertThat(page.path("properties").has("items") && page.path("properties").has("nextCursor"))
                        .as("%s answers a Page {items, nextCursor}", operation).isTrue();
                assertThat(parameterNames(op)).as("%s pages with limit", operation).contains("limit");
            }
        }
    }

    private static List<String> parameterNames(JsonNode op) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            names.add((p.has("$ref") ? schemas.resolve(p.get("$ref").asText()) : p).path("name").asText());
        }
        return names;
    }

    private static TestServer.Response call(String method, String path, String token, String body) {
        return switch (method) {
            case "get" -> server.get(path, token);
            case "post" -> server.post(path, token, body);
            case "patch" -> server.patch(path, token, body);
            case "delete" -> server.delete(path, token);
            default -> throw new IllegalArgumentException(method);
        };
    }

    /**
     * Asserts that the response's status is documented for the operation and that its body fits the
     * schema documented for that status and media type. Returns the body for further use.
     */
    private static JsonNode conforms(TestServer.Response r, String method, String pathTemplate) {
        String operation = method + " " + pathTemplate + " -> " + r.status();
        JsonNode response = doc.path("paths").path(pathTemplate).path(method).path("responses").path(Integer.toString(r.status()));
        assertThat(response.isMissingNode()).as("%s is documented (body %s)", operation, r.body()).isFalse();
        if (response.has("$ref")) {
            response = schemas.resolve(response.get("$ref").asText());
        }
        if (!response.has("content")) {
            assertThat(r.body()).as("%s has no body", operation).isEmpty();
            return null;
        }
        String mediaType = r.contentType().split(";")[0].trim();
        JsonNode content = response.path("content").path(mediaType);
        assertThat(content.isMissingNode()).as("%s documents %s", operation, mediaType).isFalse();
        if (!mediaType.endsWith("json")) {
            return null;
        }
        JsonNode body = r.json();
        assertThat(schemas.violations(content.path("schema"), body)).as("%s: %s", operation, r.body()).isEmpty();
        return body;
    }

    @Test
    void realResponsesFitTheDocumentedSchemas() {
        TestServer.Staff alice = server.staff("alice@unsilo.test", "Alice Staff");
        String a = alice.token();
        String admin = server.adminToken();
        Instant sent = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        conforms(server.get("/health", null), "get", "/health");
        conforms(server.get("/ready", null), "get", "/ready");
        conforms(server.get("/api/docs", null), "get", "/api/docs");

        String captures = "/api/v1/captures";
        CaptureJson mail = CaptureJson.from("\"Allen, Phillip K.\" <phillip.allen@enron.example>")
                .to("alice@unsilo.test", "broken@", "no-reply@enron.example").cc("jo@gmail.com").sentAt(sent)
                // A signature, so that the contact detail below carries enrichment provenance to check.
                .body("Volumes attached.\n\nRegards,\nPhillip Allen\nManaging Director\nTel: (713) 555-0141\n");
        JsonNode captured = conforms(server.capture(a, mail), "post", captures);
        conforms(server.capture(a, mail), "post", captures);
        conforms(server.post(captures, a, "{\"from\": 5}"), "post", captures);
        conforms(server.post(captures, a, "{\"from\": \"nobody\"}"), "post", captures);
        for (int i = 1; i <= 3; i++) {
            server.capture(a, CaptureJson.from("alice@unsilo.test").to("phillip.allen@enron.example")
                    .sentAt(sent.minus(7L * i, ChronoUnit.DAYS)));
        }
        conforms(server.capture(a, CaptureJson.from("alice@unsilo.test").to("jo@gmail.com").markPrivate()), "post", captures);

        conforms(server.lookup(a, "phillip.allen@enron.example", "jo@gmail.com", "x@unknown.example", "alice@unsilo.test",
                "not an address"), "post", "/api/v1/lookup");
        conforms(server.post("/api/v1/lookup", a, "{}"), "post", "/api/v1/lookup");

        long phillip = captured.path("contacts").get(0).path("id").asLong();
        long jo = captured.path("contacts").get(1).path("id").asLong();
        long enron = captured.path("organizations").get(0).path("id").asLong();
        conforms(server.get("/api/v1/contacts?limit=1", a), "get", "/api/v1/contacts");
        conforms(server.get("/api/v1/contacts?limit=0", a), "get", "/api/v1/contacts");
        JsonNode created = conforms(server.post("/api/v1/contacts", a, TestJson.write(Map.of("name", "Ken Lay",
                "emails", List.of("ken@enron.example"), "organizationId", enron, "phones", List.of("+1 713 555 0100")))),
                "post", "/api/v1/contacts");
        conforms(server.post("/api/v1/contacts", a, TestJson.write(Map.of("emails", List.of("ken@enron.example")))),
                "post", "/api/v1/contacts");
        long ken = created.path("id").asLong();
        conforms(server.get("/api/v1/contacts/" + phillip, a), "get", "/api/v1/contacts/{id}");
        conforms(server.patch("/api/v1/contacts/" + ken, a, "{\"title\": \"Chairman\"}"), "patch", "/api/v1/contacts/{id}");
        conforms(server.get("/api/v1/contacts/" + jo + "/timeline?limit=1", a), "get", "/api/v1/contacts/{id}/timeline");
        conforms(server.post("/api/v1/contacts/" + phillip + "/merge", a, TestJson.write(Map.of("contactIds", List.of(ken)))),
                "post", "/api/v1/contacts/{id}/merge");
        conforms(server.get("/api/v1/contacts/" + ken, a), "get", "/api/v1/contacts/{id}");
        conforms(server.get("/api/v1/contacts/999999", a), "get", "/api/v1/contacts/{id}");
        JsonNode spare = conforms(server.post("/api/v1/contacts", a, "{\"name\": \"Temp\"}"), "post", "/api/v1/contacts");
        conforms(server.delete("/api/v1/contacts/" + spare.path("id").asLong(), a), "delete", "/api/v1/contacts/{id}");

        conforms(server.get("/api/v1/organizations?q=enron", a), "get", "/api/v1/organizations");
        conforms(server.get("/api/v1/organizations/" + enron, a), "get", "/api/v1/organizations/{id}");
        conforms(server.patch("/api/v1/organizations/" + enron, a, "{\"name\": \"Enron Corp\", \"domains\": [\"enron.example.net\"]}"),
                "patch", "/api/v1/organizations/{id}");
        conforms(server.get("/api/v1/organizations/" + enron + "/people", a), "get", "/api/v1/organizations/{id}/people");

        JsonNode relationships = conforms(server.get("/api/v1/relationships", a), "get", "/api/v1/relationships");
        assertThat(relationships.path("items")).isNotEmpty();
        JsonNode cooling = conforms(server.get("/api/v1/relationships?cooling=true", a), "get", "/api/v1/relationships");
        assertThat(cooling.path("items")).as("a cooling entry, so its medianGapDays is checked too").isNotEmpty();
        conforms(server.get("/api/v1/relationships?user=" + server.admin().id(), a), "get", "/api/v1/relationships");

        conforms(server.get("/api/v1/me", a), "get", "/api/v1/me");
        JsonNode issued = conforms(server.post("/api/v1/me/tokens", a, "{\"name\": \"cli\"}"), "post", "/api/v1/me/tokens");
        server.get("/api/v1/me", issued.path("token").asText());
        conforms(server.get("/api/v1/me/tokens", a), "get", "/api/v1/me/tokens");
        conforms(server.delete("/api/v1/me/tokens/" + issued.path("id").asLong(), a), "delete", "/api/v1/me/tokens/{id}");
        conforms(server.get("/api/v1/me/tokens", a), "get", "/api/v1/me/tokens");
        conforms(server.get("/api/v1/me", null), "get", "/api/v1/me");

        conforms(server.get("/api/v1/admin/users?limit=1", admin), "get", "/api/v1/admin/users");
        conforms(server.post("/api/v1/admin/users", admin, "{\"email\": \"bo@unsilo.test\", \"name\": \"Bo\"}"),
                "post", "/api/v1/admin/users");
        conforms(server.post("/api/v1/admin/users", admin, "{\"email\": \"bo@unsilo.test\"}"), "post", "/api/v1/admin/users");
        conforms(server.get("/api/v1/admin/users/" + alice.id() + "/tokens", admin), "get", "/api/v1/admin/users/{id}/tokens");
        JsonNode adminIssued = conforms(server.post("/api/v1/admin/users/" + alice.id() + "/tokens", admin, "{}"),
                "post", "/api/v1/admin/users/{id}/tokens");
        conforms(server.delete("/api/v1/admin/tokens/" + adminIssued.path("id").asLong(), admin), "delete", "/api/v1/admin/tokens/{id}");
        conforms(server.get("/api/v1/admin/stats", admin), "get", "/api/v1/admin/stats");
        conforms(server.get("/api/v1/admin/stats", a), "get", "/api/v1/admin/stats");
        conforms(server.get("/api/v1/admin/audit?limit=2", admin), "get", "/api/v1/admin/audit");

        conforms(server.get("/api/v1/exports/contacts.csv", a), "get", "/api/v1/exports/contacts.csv");
        conforms(server.get("/api/v1/exports/contacts.vcf", a), "get", "/api/v1/exports/contacts.vcf");
        conforms(server.get("/api/v1/exports/organizations.csv", a), "get", "/api/v1/exports/organizations.csv");
        String person = "/api/v1/admin/people/{address}/export";
        JsonNode export = conforms(server.get("/api/v1/admin/people/phillip.allen@enron.example/export", admin), "get", person);
        assertThat(export.path("messages")).as("a message, so its schema is checked too").isNotEmpty();
        conforms(server.get("/api/v1/admin/people/nobody@nowhere.example/export", admin), "get", person);
        conforms(server.get("/api/v1/admin/people/broken@/export", admin), "get", person);
        conforms(server.get("/api/v1/admin/people/alice@unsilo.test/export", admin), "get", person);
        conforms(server.get("/api/v1/admin/people/jo@gmail.com/export", a), "get", person);
        String erase = "/api/v1/admin/people/{address}/erase";
        conforms(server.post("/api/v1/admin/people/jo@gmail.com/erase", admin, ""), "post", erase);
        conforms(server.post("/api/v1/admin/people/alice@unsilo.test/erase", admin, ""), "post", erase);
        conforms(server.get("/api/v1/admin/suppressions?limit=1", admin), "get", "/api/v1/admin/suppressions");
        conforms(server.get("/api/v1/admin/suppressions?address=jo@gmail.com", admin), "get", "/api/v1/admin/suppressions");
        conforms(server.delete("/api/v1/admin/suppressions/jo@gmail.com", admin), "delete", "/api/v1/admin/suppressions/{address}");
        conforms(server.delete("/api/v1/admin/suppressions/jo@gmail.com", admin), "delete", "/api/v1/admin/suppressions/{address}");
    }

    @Test
    void theDocsPageIsSelfContainedAndAllowedToRunItsOwnScript() {
        TestServer.Response r = server.get("/api/docs", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        String html = r.body();
        assertThat(html).contains("/api/openapi.json").contains("textContent");
        // No CDN, no external anything: every src/href is local, and nothing is written as markup.
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("innerHTML", "outerHTML",
                "insertAdjacentHTML", "document.write", "<script src");
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(Hashing.sha256().hashString(script.group(1), StandardCharsets.UTF_8).asBytes());
        String policy = r.header("Content-Security-Policy");
        assertThat(policy).contains("script-src 'sha256-" + hash + "'").contains("connect-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        // Other /api responses keep the locked-down policy.
        assertThat(server.get("/api/openapi.json", null).header("Content-Security-Policy")).startsWith("default-src 'none'")
                .doesNotContain("script-src");
    }

    @Test
    void everySchemaIsUsed() {
        // An unused schema is usually a renamed or forgotten one: the document says something the API does not.
        Set<String> referenced = new HashSet<>();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        refs.forEach(ref -> referenced.add(ref.substring(ref.lastIndexOf('/') + 1)));
        for (Iterator<String> it = doc.path("components").path("schemas").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            assertThat(referenced).as("schema %s is referenced", name).contains(name);
        }
    }
}
