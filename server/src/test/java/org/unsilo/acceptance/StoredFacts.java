package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.unsilo.testing.TestServer;

/** What a test server has stored, read through the public API or with plain SQL, never through our DAOs. */
final class StoredFacts {

    private final TestServer server;

    StoredFacts(TestServer server) {
        this.server = server;
    }

    /** All contacts through the public API, following nextCursor, keyed by each of their addresses. */
    Map<String, JsonNode> contactsByEmail() {
        Map<String, JsonNode> byEmail = new TreeMap<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/v1/contacts?limit=200" + (cursor == null ? "" : "&cursor=" + cursor);
            TestServer.Response r = server.get(path, server.adminToken());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = r.json();
            for (JsonNode contact : page.get("items")) {
                contact.get("emails").forEach(e -> byEmail.put(e.asText(), contact));
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
            assertThat(++pages).as("contact pages").isLessThan(1000);
        } while (cursor != null);
        assertThat(byEmail.size()).as("contact addresses via API vs database")
                .isEqualTo(scalar("SELECT COUNT(*) FROM contact_email e JOIN contact c ON c.id = e.contact_id "
                        + "WHERE c.merged_into IS NULL"));
        return byEmail;
    }

    /** Counts straight from the tables, independent of the DAOs behind the stats endpoint. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("users", scalar("SELECT COUNT(*) FROM app_user"));
        counts.put("contacts", scalar("SELECT COUNT(*) FROM contact WHERE merged_into IS NULL"));
        counts.put("organizations", scalar("SELECT COUNT(*) FROM organization"));
        counts.put("messages", scalar("SELECT COUNT(*) FROM message"));
        counts.put("messageCopies", scalar("SELECT COUNT(*) FROM message_copy"));
        counts.put("relationships", scalar("SELECT COUNT(*) FROM relationship"));
        counts.put("parties", scalar("SELECT COUNT(*) FROM message_party"));
        counts.put("contactEmails", scalar("SELECT COUNT(*) FROM contact_email"));
        counts.put("relationshipMessages", scalar("SELECT COALESCE(SUM(message_count), 0) FROM relationship"));
        return counts;
    }

    long scalar(String sql) {
        return server.app().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
