package org.unsilo.fuzz;

import java.util.Random;

/** Path parameter values (already percent-encoded) that name no resource. */
final class PathValues {

    private PathValues() {
    }

    /** Not a positive id of an existing row: non-numeric, zero, negative, out of range, or encoded tricks. */
    static Labelled<String> badId(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> new Labelled<>("zero", "0");
            case 1 -> new Labelled<>("negative", "-" + (1 + r.nextInt(1000)));
            case 2 -> new Labelled<>("non-numeric", JsonGarbage.pick(r, "abc", "one", "null", "true", "NaN", "1a", "0x1"));
            case 3 -> new Labelled<>("overflow", "9".repeat(19 + r.nextInt(40)));
            case 4 -> new Labelled<>("max-long", "9223372036854775807");
            case 5 -> new Labelled<>("decimal", JsonGarbage.pick(r, "1.5", "1e3", "1.0", "1,2"));
            case 6 -> new Labelled<>("traversal", JsonGarbage.pick(r, "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%5C..%5Cboot.ini"));
            case 7 -> new Labelled<>("nul", JsonGarbage.pick(r, "%00", "1%00", "%001"));
            case 8 -> new Labelled<>("unicode-digits", JsonGarbage.pick(r, "%EF%BC%91", "%D9%A1", "%E0%A5%A7", "%F0%9D%9F%8F"));
            case 9 -> new Labelled<>("sql", "1%20OR%201%3D1");
            case 10 -> new Labelled<>("space", JsonGarbage.pick(r, "%201", "1%20", "%091"));
            case 11 -> new Labelled<>("huge", "1".repeat(5000 + r.nextInt(3000)));
            case 12 -> new Labelled<>("unknown-id", String.valueOf(1_000_000 + r.nextInt(1_000_000_000)));
            default -> new Labelled<>("invalid-utf8", JsonGarbage.pick(r, "%FF", "%C3%28", "%ED%A0%80"));
        };
    }

    /** Not an e-mail address the server can hold: no '@', too long, control characters, traversal, bad encoding. */
    static Labelled<String> badAddress(Random r, int maxLength) {
        return switch (r.nextInt(8)) {
            case 0 -> new Labelled<>("no-at", JsonGarbage.pick(r, "nobody", "example.com", "1", "%20"));
            case 1 -> new Labelled<>("too-long", "a".repeat(maxLength) + "%40client.example");
            case 2 -> new Labelled<>("control", JsonGarbage.pick(r, "a%00%40client.example", "a%1B%40client.example", "%07"));
            case 3 -> new Labelled<>("traversal", JsonGarbage.pick(r, "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%5C.."));
            case 4 -> new Labelled<>("invalid-utf8", JsonGarbage.pick(r, "a%FF%40client.example", "%C3%28%40x.example"));
            case 5 -> new Labelled<>("lone-at", JsonGarbage.pick(r, "%40", "a%40", "%40client.example"));
            case 6 -> new Labelled<>("angle", JsonGarbage.pick(r, "%3Ca%40b.example%3E", "a%40b.example%3E"));
            default -> new Labelled<>("many-at", "a%40%40b.example");
        };
    }
}
