package org.unsilo.fuzz;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Bodies that are not one well-formed JSON value: corruptions of a plausible body (truncated, bytes flipped,
 * invalid UTF-8, raw NUL, JavaScript-isms), and bodies that stress the parser (deep nesting, huge numbers).
 */
final class JsonGarbage {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

    private JsonGarbage() {
    }

    /** Whether {@code body} parses as exactly one strict JSON value. */
    static boolean isJson(byte[] body) {
        try (JsonParser p = STRICT.createParser(body)) {
            STRICT.readTree(p);
            return p.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A corruption of {@code plausible} (or a parser stressor) that is certainly not one JSON value. */
    static Labelled<byte[]> corrupt(Random r, String plausible) {
        for (int attempt = 0; ; attempt++) {
            Labelled<byte[]> c = attempt < 20 ? candidate(r, plausible) : new Labelled<>("json.truncated", "{".getBytes());
            if (!isJson(c.value())) {
                return c;
            }
        }
    }

    private static Labelled<byte[]> candidate(Random r, String plausible) {
        byte[] bytes = plausible.getBytes(StandardCharsets.UTF_8);
        return switch (r.nextInt(16)) {
            case 0 -> new Labelled<>("json.truncated", java.util.Arrays.copyOf(bytes, r.nextInt(Math.max(1, bytes.length))));
            case 1 -> new Labelled<>("json.byte-flipped", flip(r, bytes));
            case 2 -> new Labelled<>("json.invalid-utf8", insertInString(r, plausible, BAD_UTF8[r.nextInt(BAD_UTF8.length)]));
            case 3 -> new Labelled<>("json.raw-nul", insertInString(r, plausible, new byte[] {0}));
            case 4 -> new Labelled<>("json.raw-control", insertInString(r, plausible, new byte[] {(byte) (1 + r.nextInt(31))}));
            case 5 -> new Labelled<>("json.trailing-garbage", (plausible + pick(r, " {}", ",", "]", " x", "\u0000")).getBytes(StandardCharsets.UTF_8));
            case 6 -> new Labelled<>("json.deep-nesting", deep(r));
            case 7 -> new Labelled<>("json.huge-number", ("{\"n\":" + "9".repeat(1000 + r.nextInt(5_000)) + "}").getBytes(StandardCharsets.UTF_8));
            case 8 -> new Labelled<>("json.javascript", pick(r, "{'a':1}", "{a:1}", "{\"a\":NaN}", "{\"a\":1,}", "[1,]",
                    "{\"a\":undefined}", "/* c */{}", "{\"a\":0x10}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":Infinity}").getBytes(StandardCharsets.UTF_8));
            case 9 -> new Labelled<>("json.random-bytes", random(r, 1 + r.nextInt(2000)));
            case 10 -> new Labelled<>("json.bad-escape", pick(r, "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\uZZZZ\"}",
                    "{\"a\":\"\\", "{\"a\":\"\\q\"}").getBytes(StandardCharsets.UTF_8));
            case 11 -> new Labelled<>("json.unterminated-string", ("{\"a\":\"" + HostileText.huge(r, 1 + r.nextInt(5_000))).getBytes(StandardCharsets.UTF_8));
            case 12 -> new Labelled<>("json.utf16", plausible.getBytes(r.nextBoolean() ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE));
            case 13 -> new Labelled<>("json.form-encoded", "from=a%40b.example&to=c%40d.example".getBytes(StandardCharsets.UTF_8));
            case 14 -> new Labelled<>("json.xml", "<?xml version=\"1.0\"?><capture><from>a@b.example</from></capture>".getBytes(StandardCharsets.UTF_8));
            default -> new Labelled<>("json.unbalanced", pick(r, "{", "}", "[", "]", "{\"a\":[}", "{\"a\":{]}", "{\"a\"}", "{:1}", "\"").getBytes(StandardCharsets.UTF_8));
        };
    }

    private static byte[] deep(Random r) {
        int depth = 65 + r.nextInt(5_000);
        String open = r.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + "1" + close.repeat(r.nextInt(depth + 1))).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] flip(Random r, byte[] bytes) {
        byte[] copy = bytes.clone();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n && copy.length > 0; i++) {
            copy[r.nextInt(copy.length)] = (byte) r.nextInt(256);
        }
        return copy;
    }

    /** Inserts raw bytes right after the first quote of a string value, so only the bytes make it invalid. */
    private static byte[] insertInString(Random r, String json, byte[] raw) {
        int colonQuote = json.indexOf(":\"");
        String head = colonQuote < 0 ? "{\"a\":\"" : json.substring(0, colonQuote + 2);
        String tail = colonQuote < 0 ? "\"}" : json.substring(colonQuote + 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @SafeVarargs
    static <T> T pick(Random r, T... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
