package org.unsilo.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * JSON values from the OpenAPI schemas: a plausible instance of a request body, and that instance with exactly one
 * change that breaks a rule its schema states (wrong type, missing required field, unknown field, too long, out of
 * range, not in the enum, too many items, or text no field may hold). Only stated rules are broken, so every
 * mutant is a request the server must refuse.
 */
final class SchemaValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final OpenApiOperations api;

    SchemaValues(OpenApiOperations api) {
        this.api = api;
    }

    /** A plausible instance: required fields and about half of the optional ones. */
    JsonNode sample(Random r, JsonNode schema) {
        return sample(r, api.resolve(schema), 0);
    }

    private JsonNode sample(Random r, JsonNode s, int depth) {
        s = api.resolve(s);
        if (s.has("oneOf") || s.has("anyOf")) {
            JsonNode options = s.has("oneOf") ? s.get("oneOf") : s.get("anyOf");
            return sample(r, options.get(r.nextInt(options.size())), depth);
        }
        if (s.has("enum")) {
            return s.get("enum").get(r.nextInt(s.get("enum").size()));
        }
        if (s.has("examples") && s.get("examples").size() > 0) {
            return s.get("examples").get(0);
        }
        return switch (mainType(s)) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                Set<String> required = strings(s.path("required"));
                for (Iterator<String> it = s.path("properties").fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (required.contains(name) || (depth < 2 && r.nextBoolean())) {
                        o.set(name, sample(r, s.get("properties").get(name), depth + 1));
                    }
                }
                yield o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                int n = Math.max(s.path("minItems").asInt(0), depth < 2 ? 1 : 0);
                for (int i = 0; i < n; i++) {
                    a.add(sample(r, s.path("items"), depth + 1));
                }
                yield a;
            }
            case "integer", "number" -> F.numberNode(Math.max(1, s.path("minimum").asLong(1)));
            case "boolean" -> F.booleanNode(r.nextBoolean());
            default -> F.textNode(text(s, r));
        };
    }

    private static String text(JsonNode s, Random r) {
        if ("date-time".equals(s.path("format").asText())) {
            return Instant.now().minus(1 + r.nextInt(30), ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return "fuzz-" + r.nextInt(1000) + "@client.example";
    }

    /** {@code sample} with one broken rule; null if the schema states no rule this generator can break. */
    Labelled<JsonNode> mutate(Random r, JsonNode schema, JsonNode sample) {
        List<Mutation> options = new ArrayList<>();
        collect(api.resolve(schema), sample, new ArrayList<>(), options, true);
        if (options.isEmpty()) {
            return null;
        }
        Mutation m = options.get(r.nextInt(options.size()));
        JsonNode copy = sample.deepCopy();
        return new Labelled<>("schema." + m.kind() + " at " + m.where(), m.apply(r, copy));
    }

    /** A place in the instance ({@code path} of field names and indexes) and the rule broken there. */
    private record Mutation(String kind, List<Object> path, JsonNode schema) {

        String where() {
            return path.isEmpty() ? "(body)" : path.toString();
        }

        JsonNode apply(Random r, JsonNode root) {
            if (path.isEmpty()) {
                return replacement(r, root);
            }
            JsonNode parent = root;
            for (int i = 0; i < path.size() - 1; i++) {
                Object step = path.get(i);
                parent = step instanceof Integer idx ? parent.get(idx) : parent.get((String) step);
            }
            Object last = path.get(path.size() - 1);
            JsonNode current = last instanceof Integer idx ? parent.get(idx) : parent.get((String) last);
            JsonNode replaced = replacement(r, current);
            if (kind.equals("missing-required")) {
                ((ObjectNode) parent).remove((String) last);
            } else if (last instanceof Integer idx) {
                ((ArrayNode) parent).set(idx, replaced);
            } else {
                ((ObjectNode) parent).set((String) last, replaced);
            }
            return root;
        }

        private JsonNode replacement(Random r, JsonNode current) {
            return switch (kind) {
                case "wrong-type" -> wrongType(r, types(schema));
                case "unknown-field" -> ((ObjectNode) current).put("zz" + r.nextInt(1000) + HostileText.odd(r), 1);
                case "too-long" -> F.textNode(HostileText.huge(r, schema.get("maxLength").asInt() + 1 + r.nextInt(3000)));
                case "below-minimum" -> F.numberNode(schema.get("minimum").asLong() - 1 - r.nextInt(5));
                case "above-maximum" -> F.numberNode(schema.get("maximum").asLong() + 1 + r.nextInt(1000));
                case "not-in-enum" -> F.textNode(JsonGarbage.pick(r, "", "zzz", " ", HostileText.odd(r), "ADMIN "));
                case "too-many-items" -> {
                    ArrayNode a = F.arrayNode();
                    int n = schema.get("maxItems").asInt() + 1 + r.nextInt(20);
                    JsonNode item = current.size() > 0 ? current.get(0) : F.textNode("x@client.example");
                    for (int i = 0; i < n; i++) {
                        a.add(item.deepCopy());
                    }
                    yield a;
                }
                case "too-few-items" -> F.arrayNode();
                case "invalid-text" -> F.textNode(HostileText.invalid(r));
                default -> current;
            };
        }
    }

    /** {@code typeRule}: whether a wrong type at this place breaks a rule (not inside one option of a oneOf). */
    private void collect(JsonNode s, JsonNode value, List<Object> path, List<Mutation> out, boolean typeRule) {
        s = api.resolve(s);
        if (value == null || s == null || s.isMissingNode()) {
            return;
        }
        if (s.has("oneOf") || s.has("anyOf")) {
            // Only a type that no option allows is certainly wrong.
            JsonNode options = s.has("oneOf") ? s.get("oneOf") : s.get("anyOf");
            Set<String> allowed = new HashSet<>();
            for (JsonNode o : options) {
                allowed.addAll(types(api.resolve(o)));
            }
            ArrayNode allowedTypes = F.arrayNode();
            allowed.forEach(allowedTypes::add);
            out.add(new Mutation("wrong-type", path, F.objectNode().set("type", allowedTypes)));
            for (JsonNode o : options) {
                JsonNode ro = api.resolve(o);
                if (types(ro).contains(jsonType(value))) {
                    collect(ro, value, path, out, false);
                }
            }
            return;
        }
        Set<String> types = types(s);
        if (!types.isEmpty() && typeRule) {
            out.add(new Mutation("wrong-type", path, s));
        }
        if (s.has("enum")) {
            out.add(new Mutation("not-in-enum", path, s));
        }
        if (value.isTextual()) {
            if (s.has("maxLength")) {
                out.add(new Mutation("too-long", path, s));
            }
            if (!s.has("enum")) {
                out.add(new Mutation("invalid-text", path, s));
            }
        }
        if (value.isNumber()) {
            if (s.has("minimum")) {
                out.add(new Mutation("below-minimum", path, s));
            }
            if (s.has("maximum")) {
                out.add(new Mutation("above-maximum", path, s));
            }
        }
        if (value.isArray()) {
            if (s.has("maxItems")) {
                out.add(new Mutation("too-many-items", path, s));
            }
            if (s.path("minItems").asInt(0) > 0) {
                out.add(new Mutation("too-few-items", path, s));
            }
            for (int i = 0; i < value.size(); i++) {
                List<Object> p = new ArrayList<>(path);
                p.add(i);
                collect(s.path("items"), value.get(i), p, out, true);
            }
        }
        if (value.isObject()) {
            if (s.path("additionalProperties").isBoolean() && !s.get("additionalProperties").asBoolean()) {
                out.add(new Mutation("unknown-field", path, s));
            }
            Set<String> required = strings(s.path("required"));
            for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                List<Object> p = new ArrayList<>(path);
                p.add(name);
                if (required.contains(name)) {
                    out.add(new Mutation("missing-required", p, s));
                }
                JsonNode ps = s.path("properties").get(name);
                if (ps != null) {
                    collect(ps, value.get(name), p, out, true);
                } else if (s.path("additionalProperties").isObject()) {
                    collect(s.get("additionalProperties"), value.get(name), p, out, true);
                }
            }
        }
    }

    private static String mainType(JsonNode s) {
        Set<String> t = types(s);
        t.remove("null");
        return t.isEmpty() ? (s.has("properties") ? "object" : "string") : t.iterator().next();
    }

    private static Set<String> types(JsonNode s) {
        Set<String> t = new java.util.LinkedHashSet<>();
        JsonNode type = s.path("type");
        if (type.isTextual()) {
            t.add(type.asText());
        } else {
            type.forEach(x -> t.add(x.asText()));
        }
        if (t.contains("integer")) {
            t.add("number");
        }
        return t;
    }

    private static String jsonType(JsonNode v) {
        if (v.isObject()) {
            return "object";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isBoolean()) {
            return "boolean";
        }
        if (v.isIntegralNumber()) {
            return "integer";
        }
        return v.isNumber() ? "number" : "null";
    }

    /**
     * A value of none of {@code allowed} (JSON types). Not null: the handlers read an explicit null as "left out",
     * which for an optional field is a lenient reading rather than a failure.
     */
    private static JsonNode wrongType(Random r, Set<String> allowed) {
        List<JsonNode> candidates = new ArrayList<>();
        if (!allowed.contains("object")) {
            candidates.add(F.objectNode().put("x", 1));
        }
        if (!allowed.contains("array")) {
            candidates.add(F.arrayNode().add("x").add(2));
        }
        if (!allowed.contains("string")) {
            candidates.add(F.textNode("not a " + String.join(" or ", allowed)));
        }
        if (!allowed.contains("boolean")) {
            candidates.add(F.booleanNode(true));
        }
        if (!allowed.contains("number")) {
            candidates.add(r.nextBoolean() ? F.numberNode(12345) : F.numberNode(3.5));
        } else if (!allowed.contains("string") && allowed.contains("integer") && !allowed.contains("float")) {
            candidates.add(F.numberNode(1.5));
        }
        return candidates.isEmpty() ? F.objectNode() : candidates.get(r.nextInt(candidates.size()));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> s = new HashSet<>();
        array.forEach(x -> s.add(x.asText()));
        return s;
    }
}
