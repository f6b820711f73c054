package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.TwoStaffServer;

/**
 * Group commit in {@link CaptureService}: concurrent captures share one write transaction, a capture that fails there
 * fails alone, and every caller gets its own answer only after the commit. On PostgreSQL (no single writer, no
 * grouping) the same concurrent captures must come out the same, each in its own transaction.
 */
class GroupCommitTest {

    @RegisterExtension
    static final TwoStaffServer TEAM = new TwoStaffServer();

    /** Runs all tasks at once (behind a latch) and returns their futures in submission order. */
    private static <T> List<Future<T>> concurrently(List<Callable<T>> tasks) throws InterruptedException {
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
            pool.shutdown();
            assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            return futures;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyConcurrentDistinctCapturesThroughTheApiAreAllStoredAndEachCallerGetsItsOwnResult() throws Exception {
        int n = 96;
        JsonNode before = TEAM.server().stats();
        long[] groupsBefore = TEAM.server().app().captures().groupCommitCounts();
        List<String> messageIds = new ArrayList<>();
        List<Callable<TestServer.Response[]>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String mid = "<group-" + i + "." + System.nanoTime() + "@fixture.unsilo.test>";
            messageIds.add(mid);
            String sender = "person" + i + "@client-" + (i % 7) + ".example";
            CaptureJson mail = CaptureJson.from(sender)
                    .to(i % 2 == 0 ? "alice@unsilo.test" : "bob@unsilo.test").messageId(mid).subject("Group " + i);
            String token = i % 2 == 0 ? TEAM.alice().token() : TEAM.bob().token();
            // The lookup right after the answer reads on another connection: the capture must be committed by then.
            tasks.add(() -> new TestServer.Response[] {TEAM.server().capture(token, mail), TEAM.server().lookup(token, sender)});
        }

        List<Future<TestServer.Response[]>> responses = concurrently(tasks);

        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            TestServer.Response r = responses.get(i).get()[0];
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            JsonNode m = r.json().path("message");
            assertThat(m.path("internetMessageId").asText()).isEqualTo(messageIds.get(i));
            assertThat(m.path("subject").asText()).isEqualTo("Group " + i);
            ids.add(m.path("id").asLong());
            JsonNode seen = responses.get(i).get()[1].json().path("results").get(0);
            assertThat(seen.path("known").asBoolean()).as("sender of capture %d known right after its 201", i).isTrue();
            assertThat(seen.path("recentConversations").get(0).path("subject").asText()).isEqualTo("Group " + i);
        }
        assertThat(ids).hasSize(n);
        JsonNode after = TEAM.server().stats();
        assertThat(after.path("messages").asLong() - before.path("messages").asLong()).isEqualTo(n);
        long[] groupsAfter = TEAM.server().app().captures().groupCommitCounts();
        if (TEAM.server().app().db().dialect().singleWriter()) {
            assertThat(groupsAfter[1] - groupsBefore[1]).isEqualTo(n);
            // 96 callers released at once cannot all have had a transaction of their own.
            assertThat(groupsAfter[0] - groupsBefore[0]).isLessThan(n);
        } else {
            // A server database (PostgreSQL) has no single writer to relieve: each capture is its own transaction.
            assertThat(groupsAfter).containsExactly(0L, 0L);
        }
    }

    @Test
    void aFailingCaptureInAGroupFailsAloneAndItsCallerGetsTheException() throws Exception {
        CaptureService captures = TEAM.server().app().captures();
        Instant sentAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        long nobody = 9_999_999L; // no such user: the message's captured_by foreign key fails inside the transaction
        JsonNode before = TEAM.server().stats();
        List<Callable<CaptureResult>> tasks = new ArrayList<>();
        int n = 48;
        for (int i = 0; i < n; i++) {
            boolean bad = i % 4 == 3;
            Capture c = new Capture(Capture.Source.API, bad ? nobody : TEAM.alice().id(), "<fail-" + i + "." + System.nanoTime()
                    + "@fixture.unsilo.test>", null, null, "Mixed " + i, sentAt,
                    Party.of("mixed" + i + "@client-mixed.example", null), List.of(Party.of("alice@unsilo.test", null)),
                    List.of(), "Body " + i, null, java.util.Map.of(), false);
            tasks.add(() -> captures.capture(c));
        }

        List<Future<CaptureResult>> results = concurrently(tasks);

        int stored = 0;
        for (int i = 0; i < n; i++) {
            Future<CaptureResult> f = results.get(i);
            if (i % 4 == 3) {
                assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class);
            } else {
                CaptureResult r = f.get();
                assertThat(r.created()).isTrue();
                assertThat(r.message().subject()).isEqualTo("Mixed " + i);
                stored++;
            }
        }
        JsonNode after = TEAM.server().stats();
        assertThat(after.path("messages").asLong() - before.path("messages").asLong()).isEqualTo(stored);
        // Nothing of a failed capture survives: no contact was left behind for its sender.
        for (int i = 3; i < n; i += 4) {
            assertThat(TEAM.server().lookup(TEAM.alice().token(), "mixed" + i + "@client-mixed.example").json()
                    .path("results").get(0).path("known").asBoolean()).isFalse();
        }
    }

    @Test
    void invalidInputFailsInTheCallersThreadWithoutBeingQueued() {
        CaptureService captures = TEAM.server().app().captures();
        Capture invalid = new Capture(Capture.Source.API, TEAM.alice().id(), null, null, null, "x", Instant.now(),
                Party.of("not an address", null), List.of(), List.of(), null, null, java.util.Map.of(), false);
        assertThatThrownBy(() -> captures.capture(invalid)).isInstanceOf(InvalidCaptureException.class);
    }
}
