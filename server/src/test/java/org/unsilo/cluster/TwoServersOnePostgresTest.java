package org.unsilo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestDatabase;
import org.unsilo.testing.TestServer;

/**
 * Two servers on one PostgreSQL behave as one (issue 9): the same message captured at the same moment through both
 * is stored once, with one contact per address, whichever server wins. Always on the embedded PostgreSQL, since
 * several servers need a server database; so it runs once, not again in the PostgreSQL run of the suite.
 */
class TwoServersOnePostgresTest {

    private static final int STAFF = 5;
    private static final int CAPTURES = 50;

    private static TestServer first;
    private static TestServer second;
    private static final List<TestServer.Staff> staff = new ArrayList<>();

    @BeforeAll
    static void start() {
        first = TestServer.start(Map.of(ConfigLoader.DB_URL, TestDatabase.freshPostgres()));
        second = TestServer.alongside(first);
        for (int i = 0; i < STAFF; i++) {
            staff.add(first.staff("staff" + i + "@unsilo.test", "Staff " + i));
        }
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void fiftyIdenticalCapturesSplitAcrossBothServersStoreOneMessageAndOneContactPerAddress() throws Exception {
        for (int round = 0; round < 2; round++) {
            String tag = round + "x" + System.nanoTime();
            List<String> outside = List.of("carol." + tag + "@acme" + tag + ".com", "dave." + tag + "@acme" + tag + ".com",
                    "erin." + tag + "@globex" + tag + ".com");
            String mid = "<same-" + tag + "@fixture.unsilo.test>";
            String json = CaptureJson.from("Carol Client <" + outside.get(0) + ">").to("staff0@unsilo.test")
                    .cc(outside.get(1), outside.get(2)).messageId(mid).subject("Same message " + tag).json();
            long contactsBefore = count("SELECT COUNT(*) FROM contact");
            long orgsBefore = count("SELECT COUNT(*) FROM organization");

            List<Callable<TestServer.Response>> tasks = new ArrayList<>();
            for (int i = 0; i < CAPTURES; i++) {
                TestServer server = i % 2 == 0 ? first : second;
                String token = staff.get(i % STAFF).token();
                tasks.add(() -> server.post("/api/v1/captures", token, json));
            }
            List<TestServer.Response> responses = concurrently(tasks);

            Set<Long> messageIds = new HashSet<>();
            int created = 0;
            for (TestServer.Response r : responses) {
                assertThat(r.status()).as(r.body()).isIn(200, 201);
                created += r.status() == 201 ? 1 : 0;
                messageIds.add(r.json().path("message").path("id").asLong());
            }
            assertThat(created).as("captures answered 201 Created in round %d", round).isEqualTo(1);
            assertThat(messageIds).hasSize(1);
            long id = messageIds.iterator().next();
            assertThat(count("SELECT COUNT(*) FROM message WHERE internet_message_id = '" + mid + "'")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM message_copy WHERE message_id = " + id)).isEqualTo(STAFF);
            assertThat(count("SELECT COUNT(*) FROM message_party WHERE message_id = " + id)).isEqualTo(4);
            assertThat(count("SELECT COUNT(*) FROM contact") - contactsBefore).isEqualTo(outside.size());
            assertThat(count("SELECT COUNT(*) FROM organization") - orgsBefore).isEqualTo(2);
            assertThat(count("SELECT COUNT(DISTINCT contact_id) FROM contact_email WHERE address IN ('"
                    + String.join("','", outside) + "')")).isEqualTo(outside.size());
            // The relationship counters were incremented by the one capture that stored the message, not by the copies.
            assertThat(count("SELECT COUNT(*) FROM relationship r JOIN contact_email e ON e.contact_id = r.contact_id"
                    + " WHERE e.address IN ('" + String.join("','", outside) + "') AND r.message_count <> 1")).isZero();
            assertNoContactWithoutAddress();
        }
    }

    @Test
    void distinctMessagesNamingTheSameNewPeopleInOppositeOrdersThroughBothServersAreAllStored() throws Exception {
        String tag = "o" + System.nanoTime();
        String x = "xavier." + tag + "@initech" + tag + ".com";
        String y = "yolanda." + tag + "@initech" + tag + ".com";
        String z = "zoe." + tag + "@umbrella" + tag + ".com";
        long contactsBefore = count("SELECT COUNT(*) FROM contact");
        List<Callable<TestServer.Response>> tasks = new ArrayList<>();
        int n = 20;
        for (int i = 0; i < n; i++) {
            // Two transactions that create the same two contacts in opposite orders can deadlock on PostgreSQL; the
            // loser must be run again, not answered with an error.
            String[] cc = i % 2 == 0 ? new String[] {x, y, z} : new String[] {z, y, x};
            TestServer server = i % 2 == 0 ? first : second;
            String token = staff.get(i % STAFF).token();
            String json = CaptureJson.from("staff" + (i % STAFF) + "@unsilo.test").to(cc).subject("Order " + tag + " " + i).json();
            tasks.add(() -> server.post("/api/v1/captures", token, json));
        }
        List<TestServer.Response> responses = concurrently(tasks);

        for (TestServer.Response r : responses) {
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        assertThat(count("SELECT COUNT(*) FROM message WHERE subject LIKE 'Order " + tag + " %'")).isEqualTo(n);
        assertThat(count("SELECT COUNT(*) FROM contact") - contactsBefore).isEqualTo(3);
        assertThat(count("SELECT COUNT(DISTINCT contact_id) FROM contact_email WHERE address IN ('" + x + "','" + y + "','" + z
                + "')")).isEqualTo(3);
        assertNoContactWithoutAddress();
        // Both servers answer a lookup of the contacts alike.
        for (TestServer server : List.of(first, second)) {
            assertThat(server.lookup(staff.get(0).token(), x, y, z).json().path("results").findValuesAsText("known"))
                    .containsExactly("true", "true", "true");
        }
    }

    private static void assertNoContactWithoutAddress() {
        assertThat(count("SELECT COUNT(*) FROM contact c WHERE NOT EXISTS"
                + " (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id)")).as("contacts left without an address").isZero();
    }

    private static long count(String sql) {
        return first.app().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Runs all tasks at once (behind a latch) and returns their results in submission order. */
    private static <T> List<T> concurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
