package org.unsilo.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import org.unsilo.store.MessageDao;
import org.unsilo.store.UserRow;

/** Closing the app while captures are queued for a group commit stores every capture whose caller was told "stored". */
class GroupCommitShutdownTest {

    @TempDir
    Path dataDir;

    private App openApp() {
        return new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dataDir.toString())),
                Clock.systemUTC());
    }

    @Test
    void everyCaptureAnsweredAsStoredSurvivesAClose() throws Exception {
        int n = 80;
        List<String> ids = new ArrayList<>();
        List<Future<CaptureResult>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        App app = openApp();
        try {
            UserRow alice = app.users().create(null, "alice@unsilo.test", "Alice", "member");
            CountDownLatch go = new CountDownLatch(1);
            Instant sentAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                String mid = "<shutdown-" + i + "@fixture.unsilo.test>";
                ids.add(mid);
                Capture c = new Capture(Capture.Source.API, alice.id(), mid, null, null, "Shutdown " + i, sentAt,
                        Party.of("sender" + i + "@client.example", null), List.of(Party.of("alice@unsilo.test", null)),
                        List.of(), "Body " + i, null, Map.of(), false);
                results.add(pool.submit(() -> {
                    go.await();
                    return app.captures().capture(c);
                }));
            }
            go.countDown();
            // Close under the captures as soon as the first group is committed: the others are queued or on their
            // way. (A fixed sleep closed too early on a busy machine, before any thread had even queued.)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (app.captures().groupCommitCounts()[1] == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } finally {
            app.close();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        List<String> answeredStored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try {
                assertThat(results.get(i).get().created()).isTrue();
                answeredStored.add(ids.get(i));
            } catch (java.util.concurrent.ExecutionException e) {
                // Arrived after the database closed: an error answer is allowed, a false "stored" is not.
            }
        }
        assertThat(answeredStored).isNotEmpty();
        try (App reopened = openApp()) {
            for (String mid : answeredStored) {
                java.util.Optional<Long> stored = reopened.db().read(h -> h.attach(MessageDao.class).idByInternetMessageId(mid));
                assertThat(stored).as("capture %s was answered as stored", mid).isPresent();
            }
        }
    }
}
