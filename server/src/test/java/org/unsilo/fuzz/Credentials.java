package org.unsilo.fuzz;

import java.util.Random;

/** The fuzz server's tokens, and Authorization values that must all be refused. */
record Credentials(String adminToken, String memberToken) {

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Whether {@code path} is for admins only, so a member's token gets 403 there. */
    static boolean adminOnly(String path) {
        return path.startsWith("/api/v1/admin/") || path.equals("/metrics");
    }

    /** A valid Authorization value for {@code path}: the admin's where only admins may go, else either. */
    String validFor(Random r, String path) {
        return bearer(adminOnly(path) || r.nextBoolean() ? adminToken : memberToken);
    }

    /** An Authorization header value that names no valid credential. */
    Labelled<String> broken(Random r) {
        return switch (r.nextInt(11)) {
            case 0 -> new Labelled<>("auth.empty-bearer", "Bearer ");
            case 1 -> new Labelled<>("auth.basic", "Basic YWRtaW46YWRtaW4=");
            case 2 -> new Labelled<>("auth.unknown-token", "Bearer uns_" + Long.toHexString(r.nextLong()));
            case 3 -> new Labelled<>("auth.truncated-token", bearer(adminToken.substring(0, 1 + r.nextInt(adminToken.length() - 1))));
            case 4 -> new Labelled<>("auth.token-with-suffix", bearer(adminToken + JsonGarbage.pick(r, "x", " x", "=", "%00")));
            case 5 -> new Labelled<>("auth.huge-token", bearer("uns_" + "A".repeat(2000 + r.nextInt(5000))));
            case 6 -> new Labelled<>("auth.jwt-none", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.");
            case 7 -> new Labelled<>("auth.jwt-garbage", "Bearer " + "eyJ" + Long.toHexString(r.nextLong()) + "."
                    + Long.toHexString(r.nextLong()) + "." + Long.toHexString(r.nextLong()));
            case 8 -> new Labelled<>("auth.scheme-only", JsonGarbage.pick(r, "Bearer", "Token " + adminToken, "Bearer: " + adminToken));
            case 9 -> new Labelled<>("auth.twice", "Bearer Bearer " + adminToken);
            default -> new Labelled<>("auth.non-ascii", "Bearer uns_" + JsonGarbage.pick(r, "é", "日本", "\u00ff\u00fe"));
        };
    }
}
