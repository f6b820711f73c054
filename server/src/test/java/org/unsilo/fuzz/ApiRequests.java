package org.unsilo.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.unsilo.fuzz.OpenApiOperations.Operation;
import org.unsilo.fuzz.OpenApiOperations.Param;

/**
 * Malformed requests for the operations of the OpenAPI document. Each request is plausible except for one defect
 * the server must refuse (credentials, path or query parameter, body, media type, header, method), so a 2xx
 * answer means the defect got through.
 */
final class ApiRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=zz", "application/xml", "application/json; charset=iso-8859-1",
            "application/json; charset=utf-16", "application/jsonx", "json", "application/json;;;charset=\"",
            "image/png", "*/*");

    private final OpenApiOperations api;
    private final SchemaValues values;
    private final Credentials credentials;

    ApiRequests(OpenApiOperations api, Credentials credentials) {
        this.api = api;
        this.values = new SchemaValues(api);
        this.credentials = credentials;
    }

    /** One malformed request for {@code op}. */
    FuzzRequest next(Random r, Operation op) {
        List<Supplier<FuzzRequest>> kinds = new ArrayList<>();
        if (op.secured()) {
            kinds.add(() -> brokenAuth(r, op));
        }
        if (op.secured() && Credentials.adminOnly(op.path())) {
            kinds.add(() -> memberOnAdminRoute(r, op));
        }
        if (op.path().contains("{")) {
            kinds.add(() -> badPathParam(r, op));
            kinds.add(() -> badPathParam(r, op));
        }
        if (op.params().stream().anyMatch(p -> p.in().equals("query") && breakable(p))) {
            kinds.add(() -> badQueryParam(r, op));
            kinds.add(() -> badQueryParam(r, op));
        }
        if (op.takesJson()) {
            kinds.add(() -> corruptBody(r, op));
            kinds.add(() -> corruptBody(r, op));
            kinds.add(() -> mutatedBody(r, op));
            kinds.add(() -> mutatedBody(r, op));
            kinds.add(() -> mutatedBody(r, op));
            kinds.add(() -> badContentType(r, op));
        }
        if (op.params().stream().anyMatch(p -> p.in().equals("header"))) {
            kinds.add(() -> badHeaderParam(r, op));
        }
        kinds.add(() -> overlongHeader(r, op));
        kinds.add(() -> junkPath(r, op));
        kinds.add(() -> wrongMethod(r, op));
        return kinds.get(r.nextInt(kinds.size())).get();
    }

    /** A request body larger than the server accepts, for an operation that takes JSON. */
    FuzzRequest oversized(Random r, Operation op, long maxRequestBytes) {
        String body = "{\"subject\":\"" + "x".repeat((int) maxRequestBytes + 1 + r.nextInt(1000)) + "\"}";
        return build("body.oversized", op, validPath(r, op), validQuery(r, op), headers(r, op), body.getBytes(StandardCharsets.UTF_8));
    }

    private FuzzRequest brokenAuth(Random r, Operation op) {
        Labelled<String> auth = credentials.broken(r);
        Map<String, String> h = jsonHeaders(op);
        if (!auth.label().equals("auth.empty-bearer") || r.nextBoolean()) {
            h.put("Authorization", auth.value());
        }
        return build(auth.label(), op, validPath(r, op), validQuery(r, op), h, plausibleBody(r, op));
    }

    private FuzzRequest memberOnAdminRoute(Random r, Operation op) {
        Map<String, String> h = jsonHeaders(op);
        h.put("Authorization", Credentials.bearer(credentials.memberToken()));
        return build("auth.member-on-admin-route", op, validPath(r, op), validQuery(r, op), h, plausibleBody(r, op));
    }

    private FuzzRequest badPathParam(Random r, Operation op) {
        String path = op.path();
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        String broken = names.get(r.nextInt(names.size()));
        Param p = op.in("path").stream().filter(x -> x.name().equals(broken)).findFirst().orElse(null);
        boolean integer = broken.equals("id") || (p != null && p.schema().path("type").asText().equals("integer"));
        Labelled<String> bad = integer ? PathValues.badId(r) : PathValues.badAddress(r, p == null ? 320 : p.schema().path("maxLength").asInt(320));
        String target = fill(r, path, broken, bad.value());
        return build("path." + broken + "." + bad.label(), op, target, validQuery(r, op), headers(r, op), plausibleBody(r, op));
    }

    private static boolean breakable(Param p) {
        JsonNode s = p.schema();
        return p.required() || s.has("enum") || s.has("maxLength") || s.has("minimum") || s.has("maximum")
                || s.path("type").asText().matches("integer|number|boolean") || p.name().equals("cursor");
    }

    private FuzzRequest badQueryParam(Random r, Operation op) {
        List<Param> breakable = op.in("query").stream().filter(ApiRequests::breakable).toList();
        Param p = breakable.get(r.nextInt(breakable.size()));
        Map<String, String> query = validQueryMap(r, op);
        Labelled<String> bad = QueryValues.bad(r, p);
        if (bad == null) {
            query.remove(p.name());
        } else {
            query.put(p.name(), bad.value());
        }
        String label = "query." + p.name() + "." + (bad == null ? "missing-required" : bad.label());
        return build(label, op, validPath(r, op), encode(query), headers(r, op), plausibleBody(r, op));
    }

    private FuzzRequest corruptBody(Random r, Operation op) {
        Labelled<byte[]> body = JsonGarbage.corrupt(r, new String(plausibleBody(r, op), StandardCharsets.UTF_8));
        return build("body." + body.label(), op, validPath(r, op), validQuery(r, op), headers(r, op), body.value());
    }

    private FuzzRequest mutatedBody(Random r, Operation op) {
        JsonNode sample = values.sample(r, op.bodySchema());
        Labelled<JsonNode> mutant = values.mutate(r, op.bodySchema(), sample);
        if (mutant == null) {
            return corruptBody(r, op);
        }
        return build("body." + mutant.label(), op, validPath(r, op), validQuery(r, op), headers(r, op), bytes(mutant.value()));
    }

    private FuzzRequest badContentType(Random r, Operation op) {
        Map<String, String> h = headers(r, op);
        String type = CONTENT_TYPES.get(r.nextInt(CONTENT_TYPES.size()));
        h.put("Content-Type", type);
        return build("header.content-type " + type, op, validPath(r, op), validQuery(r, op), h, plausibleBody(r, op));
    }

    private FuzzRequest badHeaderParam(Random r, Operation op) {
        Param p = op.in("header").get(0);
        Map<String, String> h = headers(r, op);
        Labelled<String> bad = QueryValues.badHeader(r, p);
        h.put(p.name(), bad.value());
        return build("header." + p.name() + "." + bad.label(), op, validPath(r, op), validQuery(r, op), h, plausibleBody(r, op));
    }

    private FuzzRequest overlongHeader(Random r, Operation op) {
        Map<String, String> h = headers(r, op);
        if (r.nextBoolean()) {
            h.put("X-Fuzz-" + r.nextInt(100), "v".repeat(20_000 + r.nextInt(20_000)));
        } else {
            for (int i = 0; i < 500; i++) {
                h.put("X-Fuzz-" + i, "value-" + "v".repeat(40));
            }
        }
        return build("header.overlong", op, validPath(r, op), validQuery(r, op), h, plausibleBody(r, op));
    }

    private FuzzRequest junkPath(Random r, Operation op) {
        // No suffix that a router could read as the same route (trailing slashes, ";params", "..;").
        String suffix = JsonGarbage.pick(r, "/..%2F..%2Fetc%2Fpasswd", "/%00", "/x", "/%2e%2e", "/%2e%2e/%2e%2e/etc/passwd",
                "/%C0%AF", "/" + "a".repeat(5000), "/%F0%9F%98%80", "/%5C..%5C..", "/x%0d%0aSet-Cookie:%20a=b");
        return build("path.junk-suffix", op, validPath(r, op) + suffix, validQuery(r, op), headers(r, op), plausibleBody(r, op));
    }

    private FuzzRequest wrongMethod(Random r, Operation op) {
        List<String> defined = api.operations().stream().filter(o -> o.path().equals(op.path())).map(Operation::method).toList();
        List<String> others = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "FUZZ"));
        others.removeAll(defined);
        String method = others.get(r.nextInt(others.size()));
        Operation wrong = new Operation(method, op.path(), op.params(), op.bodySchema(), op.bodyType(), op.secured());
        return build("method." + method, wrong, validPath(r, op), validQuery(r, op), headers(r, op), plausibleBody(r, op));
    }

    private FuzzRequest build(String label, Operation op, String path, String query, Map<String, String> headers, byte[] body) {
        String target = query.isEmpty() ? path : path + "?" + query;
        byte[] sent = op.method().equals("GET") ? null : body;
        return FuzzRequest.api("api." + label, op.method(), target, headers, sent);
    }

    private Map<String, String> headers(Random r, Operation op) {
        Map<String, String> h = jsonHeaders(op);
        if (op.secured()) {
            h.put("Authorization", credentials.validFor(r, op.path()));
        }
        return h;
    }

    private static Map<String, String> jsonHeaders(Operation op) {
        Map<String, String> h = new LinkedHashMap<>();
        if (op.bodyType() != null) {
            h.put("Content-Type", op.bodyType());
        }
        return h;
    }

    private byte[] plausibleBody(Random r, Operation op) {
        if (op.takesJson()) {
            return bytes(values.sample(r, op.bodySchema()));
        }
        return op.bodyType() == null ? null : MimeGarbage.any(r);
    }

    private static String validPath(Random r, Operation op) {
        return fill(r, op.path(), null, null);
    }

    /** Fills every path parameter with a plausible value, except {@code broken}, which gets {@code value}. */
    private static String fill(Random r, String template, String broken, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = name.equals(broken) ? value : name.equals("address") ? "seed" + r.nextInt(3) + "%40client.example"
                    : String.valueOf(1 + r.nextInt(3));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String validQuery(Random r, Operation op) {
        return encode(validQueryMap(r, op));
    }

    private static Map<String, String> validQueryMap(Random r, Operation op) {
        Map<String, String> q = new LinkedHashMap<>();
        for (Param p : op.in("query")) {
            if (p.required() || r.nextInt(4) == 0) {
                q.put(p.name(), QueryValues.plausible(r, p));
            }
        }
        return q;
    }

    private static String encode(Map<String, String> query) {
        StringBuilder b = new StringBuilder();
        query.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(k).append('=').append(v);
        });
        return b.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
