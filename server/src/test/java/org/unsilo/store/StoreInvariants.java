package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What must hold in an SQLite database of Unsilo whatever happened to the process writing it (a {@code kill -9}, a
 * backup taken mid-write): SQLite's own checks pass, and no capture is half-written. A capture writes, in one
 * transaction, the message, the capturer's copy, one party row per address (each either a staff member or a contact),
 * the contacts and organisations it creates and the relationship figures; all of it is there, or none.
 */
final class StoreInvariants {

    /** One (staff, contact) pair's figures; the score is compared with a tolerance (sums in another order). */
    record Pair(long firstAt, long lastAt, long sent, long received, long messages, double score) {
    }

    private final Jdbi jdbi;
    private final String label;

    StoreInvariants(Path sqliteFile) {
        this.jdbi = Jdbi.create("jdbc:sqlite:" + sqliteFile);
        this.label = sqliteFile.toString();
    }

    <T> T read(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback) {
        return jdbi.withHandle(callback);
    }

    /** {@code PRAGMA integrity_check} is {@code ok} and {@code PRAGMA foreign_key_check} finds nothing. */
    void assertSqliteIntact() {
        jdbi.useHandle(h -> {
            assertThat(h.createQuery("PRAGMA integrity_check").mapTo(String.class).list())
                    .as("integrity_check of %s", label).containsExactly("ok");
            assertThat(h.createQuery("PRAGMA foreign_key_check").mapToMap().list())
                    .as("foreign_key_check of %s", label).isEmpty();
        });
    }

    /**
     * Every stored message is one of {@code expected}, with exactly its parties and a copy for each staff member who
     * captured it, among {@code allowedCopies} (by staff e-mail) and including {@code requiredCopies}; every message of
     * {@code requiredCopies} is stored. Then the store's cross-table rules: parties point at the staff member or
     * contact their address belongs to, every contact has an address and a conversation, every organisation a contact,
     * every remembered capture answer a message.
     */
    void assertCapturesWhole(Map<String, Set<String>> expectedParties, Map<String, Set<String>> allowedCopies,
                             Map<String, Set<String>> requiredCopies) {
        jdbi.useHandle(h -> {
            Map<String, Long> ids = new HashMap<>();
            h.createQuery("SELECT internet_message_id, id FROM message").mapToMap().forEach(row ->
                    ids.put((String) row.get("internet_message_id"), ((Number) row.get("id")).longValue()));
            assertThat(expectedParties).as("messages stored that no client sent").containsKeys(ids.keySet().toArray(String[]::new));
            assertThat(ids).as("acknowledged captures missing from %s", label)
                    .containsKeys(requiredCopies.keySet().toArray(String[]::new));

            Map<Long, Set<String>> parties = grouped(h, "SELECT message_id AS k, role || ' ' || address AS v FROM message_party");
            Map<Long, Set<String>> copies = grouped(h, "SELECT c.message_id AS k, u.email AS v FROM message_copy c"
                    + " JOIN app_user u ON u.id = c.user_id");
            for (Map.Entry<String, Long> m : ids.entrySet()) {
                String mid = m.getKey();
                assertThat(parties.getOrDefault(m.getValue(), Set.of())).as("parties of %s", mid)
                        .containsExactlyInAnyOrderElementsOf(expectedParties.get(mid));
                Set<String> copyOwners = copies.getOrDefault(m.getValue(), Set.of());
                assertThat(copyOwners).as("copies of %s", mid).isNotEmpty()
                        .isSubsetOf(allowedCopies.get(mid))
                        .containsAll(requiredCopies.getOrDefault(mid, Set.of()));
            }

            assertNone(h, "parties that are both or neither staff and contact", "SELECT message_id, address FROM message_party"
                    + " WHERE (user_id IS NULL) = (contact_id IS NULL)");
            assertNone(h, "staff parties not pointing at the owner of their address", "SELECT p.message_id, p.address"
                    + " FROM message_party p LEFT JOIN user_email e ON e.address = p.address"
                    + " WHERE p.user_id IS NOT NULL AND (e.user_id IS NULL OR e.user_id <> p.user_id)");
            assertNone(h, "contact parties not pointing at the contact of their address", "SELECT p.message_id, p.address"
                    + " FROM message_party p LEFT JOIN contact_email e ON e.address = p.address"
                    + " WHERE p.contact_id IS NOT NULL AND (e.contact_id IS NULL OR e.contact_id <> p.contact_id)");
            assertNone(h, "messages whose sender is not their 'from' party", "SELECT m.id FROM message m WHERE NOT EXISTS"
                    + " (SELECT 1 FROM message_party p WHERE p.message_id = m.id AND p.role = 'from' AND p.address = m.from_address)");
            assertNone(h, "contacts without an address", "SELECT c.id FROM contact c WHERE NOT EXISTS"
                    + " (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id)");
            assertNone(h, "contacts on no message (left by a capture that was not stored)", "SELECT c.id FROM contact c"
                    + " WHERE NOT EXISTS (SELECT 1 FROM message_party p WHERE p.contact_id = c.id)");
            assertNone(h, "organisations without a contact", "SELECT o.id FROM organization o WHERE NOT EXISTS"
                    + " (SELECT 1 FROM contact c WHERE c.organization_id = o.id)");
            assertNone(h, "relationships without a message of the pair", "SELECT r.user_id, r.contact_id FROM relationship r"
                    + " WHERE NOT EXISTS (SELECT 1 FROM message_party s JOIN message_party k ON k.message_id = s.message_id"
                    + " WHERE s.user_id = r.user_id AND k.contact_id = r.contact_id)");
            // An Idempotency-Key is remembered after its capture committed: its answer names a stored message.
            for (Map<String, Object> key : h.createQuery("SELECT idem_key, response_body FROM idempotency_key").mapToMap().list()) {
                long messageId = CaptureBurst.messageIdOf((String) key.get("response_body"));
                assertThat(ids.values()).as("message of remembered answer %s", key.get("idem_key")).contains(messageId);
            }
        });
    }

    /** The relationship table: (user, contact) → figures. */
    Map<String, Pair> relationships() {
        return jdbi.withHandle(h -> {
            Map<String, Pair> out = new TreeMap<>();
            h.createQuery("SELECT user_id, contact_id, first_at, last_at, sent_count, received_count, message_count, score"
                    + " FROM relationship").mapToMap().forEach(r -> out.put(r.get("user_id") + "/" + r.get("contact_id"),
                    new Pair(num(r, "first_at"), num(r, "last_at"), num(r, "sent_count"), num(r, "received_count"),
                            num(r, "message_count"), ((Number) r.get("score")).doubleValue())));
            return out;
        });
    }

    /** The same pairs with the same figures as {@code rebuilt} (what {@code rebuild-relationships} computes). */
    static void assertSameRelationships(Map<String, Pair> incremental, Map<String, Pair> rebuilt) {
        assertThat(incremental.keySet()).as("relationship pairs").isEqualTo(rebuilt.keySet());
        assertThat(incremental).as("relationships").isNotEmpty();
        for (Map.Entry<String, Pair> e : incremental.entrySet()) {
            Pair a = e.getValue();
            Pair b = rebuilt.get(e.getKey());
            assertThat(List.of(a.firstAt(), a.lastAt(), a.sent(), a.received(), a.messages()))
                    .as("figures of pair %s", e.getKey())
                    .isEqualTo(List.of(b.firstAt(), b.lastAt(), b.sent(), b.received(), b.messages()));
            assertThat(a.score()).as("score of pair %s", e.getKey()).isCloseTo(b.score(), within(Math.abs(b.score()) * 1e-9));
        }
    }

    long count(String sql) {
        return jdbi.withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static long num(Map<String, Object> row, String column) {
        return ((Number) row.get(column)).longValue();
    }

    private static Map<Long, Set<String>> grouped(Handle h, String sql) {
        return h.createQuery(sql).mapToMap().list().stream().collect(Collectors.groupingBy(
                r -> ((Number) r.get("k")).longValue(),
                Collectors.mapping(r -> (String) r.get("v"), Collectors.toCollection(LinkedHashSet::new))));
    }

    private void assertNone(Handle h, String what, String sql) {
        assertThat(h.createQuery(sql).mapToMap().list()).as("%s in %s", what, label).isEmpty();
    }
}
