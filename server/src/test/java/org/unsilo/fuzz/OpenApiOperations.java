package org.unsilo.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every operation of the server's OpenAPI document, with its parameters and JSON request body schema resolved:
 * the fuzzer's list of API routes, so a route added to the document is fuzzed without touching the fuzzer.
 */
final class OpenApiOperations {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    record Param(String name, String in, JsonNode schema, boolean required) {
    }

    /** {@code bodySchema} is null when the operation takes no body; {@code bodyType} is its one media type. */
    record Operation(String method, String path, List<Param> params, JsonNode bodySchema, String bodyType, boolean secured) {

        boolean takesJson() {
            return bodySchema != null && bodyType.equals("application/json");
        }

        List<Param> in(String where) {
            return params.stream().filter(p -> p.in().equals(where)).toList();
        }
    }

    private final JsonNode document;
    private final List<Operation> operations;

    private OpenApiOperations(JsonNode document) {
        this.document = document;
        this.operations = read();
    }

    static OpenApiOperations load() {
        try (InputStream in = OpenApiOperations.class.getResourceAsStream("/openapi/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi/openapi.json is not on the class path");
            }
            return new OpenApiOperations(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Operation> operations() {
        return operations;
    }

    /** Follows a local {@code $ref} (also chains of them); other nodes are returned as they are. */
    JsonNode resolve(JsonNode node) {
        JsonNode n = node;
        while (n != null && n.has("$ref")) {
            n = document.at(n.get("$ref").asText().substring(1));
        }
        return n;
    }

    private List<Operation> read() {
        boolean securedByDefault = document.path("security").size() > 0;
        List<Operation> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op == null) {
                    continue;
                }
                List<Param> params = new ArrayList<>();
                for (JsonNode p : op.path("parameters")) {
                    JsonNode r = resolve(p);
                    params.add(new Param(r.path("name").asText(), r.path("in").asText(), resolve(r.path("schema")),
                            r.path("required").asBoolean(false)));
                }
                JsonNode content = op.path("requestBody").path("content");
                String bodyType = content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                JsonNode bodySchema = bodyType == null ? null : resolve(content.get(bodyType).path("schema"));
                boolean secured = op.has("security") ? op.get("security").size() > 0 : securedByDefault;
                ops.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), List.copyOf(params), bodySchema,
                        bodyType, secured));
            }
        }
        return List.copyOf(ops);
    }
}
