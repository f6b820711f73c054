package org.unsilo.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small JSON helpers for request bodies and for reading lists out of responses. */
public final class TestJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestJson() {
    }

    /** Serialises maps, lists and scalars, e.g. {@code write(Map.of("addresses", List.of("a@b.com")))}. */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** The body of {@code POST /api/v1/lookup} for these addresses (raw header strings or bare addresses). */
    public static String lookup(String... addresses) {
        return write(Map.of("addresses", List.of(addresses)));
    }

    /** {@code field} of every element of an array, as text. */
    public static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText(null)));
        return out;
    }

    /** Every element of an array of strings ({@code "phones"}, {@code "emails"}), as text. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText(null)));
        return out;
    }

    /** {@code field} of every element of an array, as longs (ids). */
    public static List<Long> longs(JsonNode array, String field) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asLong()));
        return out;
    }
}
