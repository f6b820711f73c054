package org.unsilo.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.unsilo.fuzz.OpenApiOperations.Param;

/** Query and header parameter values (percent-encoded for the query) from their schemas: plausible or broken. */
final class QueryValues {

    private QueryValues() {
    }

    static String plausible(Random r, Param p) {
        JsonNode s = p.schema();
        if (s.has("enum")) {
            return s.get("enum").get(r.nextInt(s.get("enum").size())).asText();
        }
        return switch (s.path("type").asText()) {
            case "integer" -> String.valueOf(Math.max(1, s.path("minimum").asLong(1)) + r.nextInt(3));
            case "boolean" -> String.valueOf(r.nextBoolean());
            default -> p.name().equals("cursor") ? "" : ApiRequests.enc("seed" + r.nextInt(3) + "@client.example");
        };
    }

    /** A value that breaks a rule of {@code p}'s schema; null means "leave the required parameter out". */
    static Labelled<String> bad(Random r, Param p) {
        JsonNode s = p.schema();
        if (p.name().equals("cursor")) {
            return new Labelled<>("garbage", JsonGarbage.pick(r, "!!!", "%00", "abc", "%FF%FE", "x".repeat(5000),
                    b64("x"), b64("1:2:3:4"), b64("99999999999999999999999"), b64("%00"), "eyJ%3D%3D"));
        }
        if (s.has("enum")) {
            return new Labelled<>("not-in-enum", ApiRequests.enc(JsonGarbage.pick(r, "zzz", "MAIL ", "mail\u0000", "../mail")));
        }
        switch (s.path("type").asText()) {
            case "integer", "number" -> {
                return new Labelled<>("bad-number", JsonGarbage.pick(r, "abc", "-1", "0", "1.5", "1e3", "%EF%BC%91",
                        "9".repeat(30), "%00", "0x10", s.has("maximum") ? String.valueOf(s.get("maximum").asLong() + 1) : "-5"));
            }
            case "boolean" -> {
                return new Labelled<>("bad-boolean", JsonGarbage.pick(r, "maybe", "2", "yes%00", "TRUEE", "%FF"));
            }
            default -> {
                if (s.has("maxLength")) {
                    return new Labelled<>("too-long", "x".repeat(s.get("maxLength").asInt() + 1 + r.nextInt(500)));
                }
                if (p.required() && r.nextBoolean()) {
                    return null;
                }
                if (p.name().equals("filename") && r.nextBoolean()) {
                    return new Labelled<>("no-file-name", JsonGarbage.pick(r, "%2F", "", "%20", "%2F%2F"));
                }
                return new Labelled<>("control-characters", ApiRequests.enc(HostileText.invalid(r)));
            }
        }
    }

    /** A header value outside the parameter's stated length, or with characters no key may hold. */
    static Labelled<String> badHeader(Random r, Param p) {
        int max = p.schema().path("maxLength").asInt(200);
        return switch (r.nextInt(3)) {
            case 0 -> new Labelled<>("empty", "");
            case 1 -> new Labelled<>("too-long", "k".repeat(max + 1 + r.nextInt(2000)));
            default -> new Labelled<>("non-ascii", JsonGarbage.pick(r, "ключ", "\u00e9t\u00e9", "key\u00ff"));
        };
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
