package org.unsilo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks JSON values against the schemas of an OpenAPI 3.1 document: the subset of JSON Schema that
 * the document uses. A keyword it does not know is an error rather than silently passing, so the
 * document cannot outgrow the check unnoticed.
 */
public final class SchemaCheck {

    private static final Set<String> ANNOTATIONS = Set.of("description", "examples", "default", "title");
    private static final Set<String> KNOWN = Set.of("$ref", "oneOf", "type", "const", "enum", "properties", "required",
            "additionalProperties", "maxProperties", "items", "minItems", "maxItems", "minimum", "maximum", "minLength",
            "maxLength", "pattern", "format");

    private final JsonNode document;

    public SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** Resolves a local reference such as {@code #/components/schemas/Contact}; fails if it points nowhere. */
    public JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new AssertionError("only local references are supported: " + ref);
        }
        JsonNode target = document.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new AssertionError("unresolvable reference " + ref);
        }
        return target;
    }

    /** Every way {@code value} breaks {@code schema}, each with the JSON path where it does; empty when it fits. */
    public List<String> violations(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out);
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> out) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String keyword = it.next();
            if (!KNOWN.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
                throw new IllegalStateException("SchemaCheck does not understand '" + keyword + "' at " + at);
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, at, out);
        }
        if (schema.has("oneOf")) {
            int matching = 0;
            for (JsonNode alternative : schema.get("oneOf")) {
                if (violations(alternative, value).isEmpty()) {
                    matching++;
                }
            }
            if (matching != 1) {
                out.add(at + ": matches " + matching + " of the oneOf alternatives instead of exactly one: " + value);
            }
        }
        if (schema.has("type") && !hasType(schema.get("type"), value)) {
            out.add(at + ": is " + value.getNodeType() + " " + abbreviate(value) + ", expected " + schema.get("type"));
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(at + ": must be " + schema.get("const") + " but is " + value);
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            checkObject(schema, value, at, out);
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(at + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                out.add(at + ": more than " + schema.get("maxItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), at + "[" + i + "]", out);
                }
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                out.add(at + ": " + value + " is below " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                out.add(at + ": " + value + " is above " + schema.get("maximum"));
            }
        }
        if (value.isTextual()) {
            checkString(schema, value.asText(), at, out);
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String at, List<String> out) {
        JsonNode properties = schema.path("properties");
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                out.add(at + ": required field '" + name.asText() + "' is missing");
            }
        }
        if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
            out.add(at + ": more than " + schema.get("maxProperties") + " fields");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = at + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), path, out);
            } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                out.add(path + ": is not in the schema");
            } else if (schema.path("additionalProperties").isObject()) {
                check(schema.get("additionalProperties"), field.getValue(), path, out);
            }
        }
    }

    private static void checkString(JsonNode schema, String s, String at, List<String> out) {
        int length = s.codePointCount(0, s.length());
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            out.add(at + ": shorter than " + schema.get("minLength"));
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            out.add(at + ": longer than " + schema.get("maxLength"));
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(s).find()) {
            out.add(at + ": '" + s + "' does not match " + schema.get("pattern"));
        }
        if ("date-time".equals(schema.path("format").asText())) {
            try {
                Instant.parse(s);
            } catch (DateTimeParseException e) {
                out.add(at + ": '" + s + "' is not an ISO-8601 UTC date-time");
            }
        }
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (hasType(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalStateException("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode v : array) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(JsonNode value) {
        String s = value.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
