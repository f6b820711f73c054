package org.unsilo.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid requests mixed into the fuzz run, always the same list in the same order, so that their effect on the
 * database can be reproduced by a clean run of this list alone. They use both tokens and write through the main
 * paths: captures (new, duplicate, with Idempotency-Key), contacts, tokens, users; the rest read.
 */
final class ValidRequests {

    private ValidRequests() {
    }

    static List<FuzzRequest> all(Credentials c, String memberEmail) {
        List<FuzzRequest> out = new ArrayList<>();
        String admin = c.adminToken();
        String member = c.memberToken();
        for (int i = 0; i < 8; i++) {
            String token = i % 2 == 0 ? member : admin;
            String sender = i % 3 == 0 ? memberEmail : "client" + i + "@customer" + (i % 3) + ".example";
            String to = i % 3 == 0 ? "buyer" + i + "@customer" + (i % 3) + ".example" : memberEmail;
            String capture = capture(i, sender, to);
            out.add(post("valid.capture", "/api/v1/captures", token, capture, Map.of()));
            out.add(post("valid.capture.duplicate", "/api/v1/captures", token == admin ? member : admin, capture, Map.of()));
            out.add(post("valid.lookup", "/api/v1/lookup", token,
                    "{\"addresses\":[\"" + sender + "\",\"Someone <" + to + ">\"]}", Map.of()));
            out.add(get("valid.contacts", "/api/v1/contacts?limit=" + (1 + i), token));
        }
        String keyed = capture(100, "keyed@customer9.example", memberEmail);
        out.add(post("valid.capture.idempotent", "/api/v1/captures", member, keyed, Map.of("Idempotency-Key", "fuzz-key-1")));
        out.add(post("valid.capture.idempotent-replay", "/api/v1/captures", member, keyed, Map.of("Idempotency-Key", "fuzz-key-1")));
        for (int i = 0; i < 3; i++) {
            out.add(post("valid.contact.create", "/api/v1/contacts", i == 0 ? admin : member,
                    "{\"name\":\"Fuzz Contact " + i + "\",\"emails\":[\"fuzz.contact" + i + "@partner.example\"],\"title\":\"Buyer\"}",
                    Map.of()));
        }
        out.add(post("valid.token.create", "/api/v1/me/tokens", member, "{\"name\":\"fuzz laptop\"}", Map.of()));
        out.add(post("valid.user.create", "/api/v1/admin/users", admin,
                "{\"email\":\"new.colleague@unsilo.test\",\"name\":\"New Colleague\",\"role\":\"member\"}", Map.of()));
        for (String path : List.of("/api/v1/me", "/api/v1/organizations?q=customer", "/api/v1/relationships",
                "/api/v1/me/tokens", "/api/v1/exports/contacts.csv", "/api/v1/exports/contacts.vcf",
                "/api/v1/exports/organizations.csv", "/api/v1/me/connections")) {
            out.add(get("valid.read", path, member));
        }
        for (String path : List.of("/api/v1/admin/stats", "/api/v1/admin/users?limit=10", "/api/v1/admin/audit",
                "/api/v1/admin/imports", "/api/v1/admin/suppressions", "/api/v1/admin/connections", "/metrics")) {
            out.add(get("valid.admin-read", path, admin));
        }
        for (String path : List.of("/health", "/ready", "/api/openapi.json", "/addin/config.json", "/login")) {
            out.add(get("valid.public", path, null));
        }
        return List.copyOf(out);
    }

    private static String capture(int i, String from, String to) {
        return "{\"source\":\"api\",\"internetMessageId\":\"<fuzz-valid-" + i + "@fuzz.unsilo.test>\","
                + "\"subject\":\"Quarterly order " + i + "\",\"sentAt\":\"2026-03-0" + (1 + i % 9) + "T10:00:00Z\","
                + "\"from\":\"" + from + "\",\"to\":[\"" + to + "\"],\"bodyText\":\"Order number " + i
                + " confirmed.\\n\\nBest regards,\\nThe buyer\"}";
    }

    private static FuzzRequest post(String label, String path, String token, String body, Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Authorization", Credentials.bearer(token));
        h.putAll(extra);
        return FuzzRequest.valid(label, "POST", path, h, body);
    }

    private static FuzzRequest get(String label, String path, String token) {
        Map<String, String> h = new LinkedHashMap<>();
        if (token != null) {
            h.put("Authorization", Credentials.bearer(token));
        }
        return FuzzRequest.valid(label, "GET", path, h, null);
    }
}
