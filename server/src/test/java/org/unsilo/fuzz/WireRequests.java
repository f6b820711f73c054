package org.unsilo.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Requests broken at the HTTP level, sent byte for byte: header values with NUL or line breaks, headers without a
 * colon, lying or duplicate Content-Length, broken chunked bodies, non-ASCII in the request target.
 */
final class WireRequests {

    private final Credentials credentials;

    WireRequests(Credentials credentials) {
        this.credentials = credentials;
    }

    FuzzRequest next(Random r, String apiPath) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", Credentials.bearer(credentials.adminToken()));
        h.put("Content-Type", "application/json");
        byte[] body = "{\"addresses\":[\"a@b.example\"]}".getBytes(StandardCharsets.UTF_8);
        String target = apiPath;
        String label;
        switch (r.nextInt(8)) {
            case 0 -> {
                label = "nul-in-header";
                h.put("Idempotency-Key", "k\u0000k");
            }
            case 1 -> {
                label = "header-without-colon";
                h.put("X-Broken", "");
                h.put("NoColonHere\r\nX-Next", "1");
            }
            case 2 -> {
                label = "content-length-lies";
                // Never longer than the body: the server would wait for the missing bytes until its idle timeout.
                h.put("Content-Length", JsonGarbage.pick(r, String.valueOf(body.length - 1 - r.nextInt(5)), "-1", "abc",
                        "1e3", " 5", "99999999999999999999"));
            }
            case 3 -> {
                label = "duplicate-content-length";
                h.put("Content-Length", body.length + "\r\nContent-Length: " + (body.length + 7));
            }
            case 4 -> {
                label = "broken-chunked";
                h.put("Transfer-Encoding", "chunked");
                body = ("zz\r\n" + new String(body, StandardCharsets.UTF_8) + "\r\n0\r\n").getBytes(StandardCharsets.UTF_8);
            }
            case 5 -> {
                label = "non-ascii-target";
                target = apiPath + "/é\u0000";
            }
            case 6 -> {
                label = "obsolete-line-folding";
                h.put("Authorization", Credentials.bearer(credentials.adminToken()) + "\r\n continued");
            }
            default -> {
                label = "header-injection";
                h.put("Content-Type", "application/json\r\n\r\nGET /admin HTTP/1.1");
            }
        }
        return new FuzzRequest("wire." + label, "POST", target, h, body, FuzzRequest.Expect.HTTP_REJECT, true);
    }
}
