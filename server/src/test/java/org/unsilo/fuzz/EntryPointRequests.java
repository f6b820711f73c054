package org.unsilo.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Malformed requests for the entry points outside the OpenAPI document: the sign-in form, the web view with a
 * forged session, the Gmail add-on endpoints (Google-signed calls), the Outlook pane's files, the OAuth and OIDC
 * callbacks, and /metrics.
 */
final class EntryPointRequests {

    private static final List<String> GMAIL = List.of("/gmail/homepage", "/gmail/contextual", "/gmail/compose",
            "/gmail/action/search", "/gmail/action/save", "/gmail/action/log", "/gmail/action/" + "x".repeat(300));

    private final Credentials credentials;
    /** A Google system ID token, validly signed, for the endpoint URL given. */
    private final Function<String, String> systemToken;

    EntryPointRequests(Credentials credentials, Function<String, String> systemToken) {
        this.credentials = credentials;
        this.systemToken = systemToken;
    }

    FuzzRequest next(Random r) {
        List<Supplier<FuzzRequest>> kinds = List.of(
                () -> login(r), () -> login(r), () -> webWithForgedSession(r), () -> gmail(r), () -> gmail(r),
                () -> gmail(r), () -> staticTraversal(r), () -> oauthCallback(r), () -> oidc(r), () -> metrics(r));
        return kinds.get(r.nextInt(kinds.size())).get();
    }

    private FuzzRequest login(Random r) {
        Map<String, String> h = new LinkedHashMap<>();
        String label;
        String csrf = "c" + Long.toHexString(r.nextLong());
        switch (r.nextInt(3)) {
            case 0 -> label = "no-cookie";
            case 1 -> {
                label = "csrf-mismatch";
                h.put("Cookie", "unsilo_login=" + csrf);
                csrf = csrf + "x";
            }
            default -> {
                // Passes the CSRF check, so the garbage reaches the password check.
                label = "garbage-credentials";
                h.put("Cookie", "unsilo_login=" + csrf);
            }
        }
        h.put("Content-Type", JsonGarbage.pick(r, "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz",
                "application/json", "text/plain", "application/x-www-form-urlencoded; charset=utf-16"));
        String email = JsonGarbage.pick(r, "%zz", "a%00b%40c.example", ApiRequests.enc(HostileText.invalid(r)),
                ApiRequests.enc(HostileText.odd(r)), "x".repeat(100_000), "", "admin%40unsilo.test");
        String password = JsonGarbage.pick(r, "", "%", "wrong", "p".repeat(200_000), ApiRequests.enc(HostileText.invalid(r)));
        String body = JsonGarbage.pick(r, "email=" + email + "&password=" + password + "&csrf=" + csrf,
                "csrf=" + csrf + "&email=" + email + "&password=" + password + "&next=" + ApiRequests.enc("//evil.example"),
                "csrf=" + csrf + "&&&===&%%%&email",
                "{\"email\":\"admin@unsilo.test\",\"password\":\"x\",\"csrf\":\"" + csrf + "\"}");
        byte[] bytes = r.nextInt(8) == 0 ? MimeGarbage.multipart(r) : body.getBytes(StandardCharsets.UTF_8);
        return FuzzRequest.page("web.login." + label, "POST", "/login", h, bytes);
    }

    private FuzzRequest webWithForgedSession(Random r) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cookie", "unsilo_session=" + JsonGarbage.pick(r, "x", Long.toHexString(r.nextLong()), "%00", "a".repeat(3000)));
        String path = JsonGarbage.pick(r, "/", "/contacts", "/contacts/abc", "/contacts/-1", "/organizations/%00",
                "/admin", "/admin/users", "/settings", "/relationships", "/exports/contacts.csv", "/cooling", "/duplicates");
        String method = JsonGarbage.pick(r, "GET", "POST");
        byte[] body = method.equals("POST") ? ("csrf=x&name=" + ApiRequests.enc(HostileText.invalid(r))).getBytes(StandardCharsets.UTF_8) : null;
        if (body != null) {
            h.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return FuzzRequest.page("web.forged-session", method, path, h, body);
    }

    private FuzzRequest gmail(Random r) {
        String path = GMAIL.get(r.nextInt(GMAIL.size()));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        String label;
        String body;
        String system = systemToken.apply(path);
        String event = "{\"commonEventObject\":{\"hostApp\":\"GMAIL\"},\"authorizationEventObject\":{\"userIdToken\":\"%s\","
                + "\"systemIdToken\":\"%s\",\"userOAuthToken\":\"ya29.x\"},\"gmail\":{\"messageId\":\"%s\"}}";
        switch (r.nextInt(5)) {
            case 0 -> {
                label = "no-authorization";
                body = String.format(event, "x", system, "m1");
            }
            case 1 -> {
                label = "forged-system-token";
                h.put("Authorization", credentials.broken(r).value());
                body = String.format(event, "x", system, "m1");
            }
            case 2 -> {
                label = "token-for-other-endpoint";
                h.put("Authorization", "Bearer " + systemToken.apply("/gmail/other"));
                body = String.format(event, "x", system, "m1");
            }
            case 3 -> {
                label = "garbage-user-token";
                h.put("Authorization", "Bearer " + system);
                body = String.format(event, JsonGarbage.pick(r, "", "eyJhbGciOiJub25lIn0.e30.", "a.b.c", "x".repeat(20_000)),
                        system, ApiRequests.enc(HostileText.odd(r)));
            }
            default -> {
                label = "garbage-event";
                h.put("Authorization", "Bearer " + system);
                return FuzzRequest.page("gmail." + label, "POST", path, h,
                        JsonGarbage.corrupt(r, String.format(event, "x", system, "m1")).value());
            }
        }
        return FuzzRequest.page("gmail." + label, "POST", path, h, body.getBytes(StandardCharsets.UTF_8));
    }

    private FuzzRequest staticTraversal(Random r) {
        String path = JsonGarbage.pick(r, "/addin/..%2F..%2Fapplication.properties", "/addin/%2e%2e/%2e%2e/etc/passwd",
                "/addin/../../etc/passwd", "/addin/%00", "/addin/config.json%00.html", "/addin/nope.html",
                "/static/..%2F..%2Fpom.xml", "/static/%2e%2e/%2e%2e/etc/passwd", "/addin/" + "a".repeat(5000),
                "/addin/%C0%AE%C0%AE/", "/addin/x%0d%0aSet-Cookie:%20a=b");
        return FuzzRequest.page("static.traversal", JsonGarbage.pick(r, "GET", "GET", "POST", "DELETE"), path, Map.of(), null);
    }

    private FuzzRequest oauthCallback(Random r) {
        String provider = JsonGarbage.pick(r, "microsoft", "google", "evil", "%00", "..%2F");
        String state = JsonGarbage.pick(r, "", "x", Long.toHexString(r.nextLong()), "%00", "s".repeat(5000), ApiRequests.enc(HostileText.invalid(r)));
        String query = JsonGarbage.pick(r, "state=" + state + "&code=" + ApiRequests.enc(HostileText.odd(r)),
                "state=" + state + "&error=access_denied&error_description=" + ApiRequests.enc(HostileText.invalid(r)),
                "code=abc", "", "state=" + state);
        return FuzzRequest.page("oauth.callback", "GET", "/oauth/" + provider + "/callback" + (query.isEmpty() ? "" : "?" + query), Map.of(), null);
    }

    private FuzzRequest oidc(Random r) {
        String provider = JsonGarbage.pick(r, "entra", "google", "nope", "%00", "..%2F..%2F");
        String path = "/login/oidc/" + provider + (r.nextBoolean() ? "/callback?state=" + Long.toHexString(r.nextLong())
                + "&code=x" : "?next=" + ApiRequests.enc("//evil.example"));
        return FuzzRequest.page("oidc", "GET", path, Map.of(), null);
    }

    private FuzzRequest metrics(Random r) {
        Map<String, String> h = new LinkedHashMap<>();
        String label;
        if (r.nextBoolean()) {
            label = "member";
            h.put("Authorization", Credentials.bearer(credentials.memberToken()));
        } else {
            Labelled<String> bad = credentials.broken(r);
            label = bad.label();
            h.put("Authorization", bad.value());
        }
        return FuzzRequest.api("metrics." + label, "GET", "/metrics", h, null);
    }
}
