package org.unsilo.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.store.CaptureBurst.Expected;
import org.unsilo.store.CaptureBurst.Outcome;
import org.unsilo.testing.CliRun;
import org.unsilo.testing.JarProcess;

/**
 * The packaged server as a separate process under a burst of captures from several staff members (issue 9): killed
 * with SIGKILL in the middle of it, or backed up while it runs. Afterwards every capture the server acknowledged with
 * a 2xx is stored, none is half-written, and SQLite's own checks pass. The commands around it ({@code backup},
 * {@code restore}, {@code rebuild-relationships}) run in this JVM, which saves starting one per step.
 */
class CaptureCrashIT {

    private static final int STAFF = 4;
    /** Acknowledged captures before the kill or the backup: the burst goes on after that until stopped. */
    private static final int ACKNOWLEDGED_FIRST = 120;
    private static final Duration BURST_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;


    @Test
    void killNineInTheMiddleOfABurstLosesNoAcknowledgedCaptureAndLeavesNoneHalfWritten() throws Exception {
        Path dataDir = work.resolve("data");
        CaptureBurst burst;
        try (JarProcess server = JarProcess.start(work, "serve", "--port", "0", "--data-dir", dataDir.toString())) {
            String base = baseUrl(server.awaitListening());
            burst = new CaptureBurst(base, staffTokens(base, server.linesMatching(JarProcess.TOKEN_LINE).get(0)));
            burst.start();
            burst.awaitAcknowledged(ACKNOWLEDGED_FIRST, BURST_TIMEOUT);
            server.kill();
            burst.finish();
        }
        List<Outcome> atKill = burst.outcomes();
        List<Outcome> acknowledged = atKill.stream().filter(Outcome::acknowledged).toList();
        List<Outcome> unanswered = atKill.stream().filter(Outcome::unanswered).toList();
        System.out.printf("kill -9 after %d acknowledged captures, %d requests left without an answer%n",
                acknowledged.size(), unanswered.size());
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_FIRST);
        assertThat(acknowledged.size() + unanswered.size()).isEqualTo(atKill.size());

        // The database as the kill left it: acknowledged captures all there, the others whole or absent.
        StoreInvariants db = new StoreInvariants(dataDir.resolve("unsilo.db"));
        db.assertSqliteIntact();
        assertCaptures(db, atKill, Outcome::acknowledged);

        try (JarProcess server = JarProcess.start(work, "serve", "--port", "0", "--data-dir", dataDir.toString())) {
            CaptureBurst restarted = burst.onServer(baseUrl(server.awaitListening()));
            assertThat(server.stdout()).as("not a first start: the data survived").doesNotContain("uns_");
            for (Outcome o : acknowledged) {
                // The client asking again with its Idempotency-Key gets the very answer it had.
                Outcome again = restarted.send(o.planned());
                assertThat(again.replayed()).as("stored answer of %s", o.planned().key()).isTrue();
                assertThat(again.status()).isEqualTo(o.status());
                assertThat(again.body()).isEqualTo(o.body());
            }
            // The captures whose answer was lost are simply sent again, and then stored once.
            for (Outcome o : unanswered) {
                Outcome retry = restarted.send(o.planned());
                assertThat(retry.status()).as("retry of %s: %s", o.planned().key(), retry.body()).isIn(200, 201);
            }
            assertThat(server.stop()).as("the restarted server stops on SIGTERM").isTrue();
        }
        db.assertSqliteIntact();
        assertCaptures(db, atKill, o -> true);
        assertRelationshipsAsRebuilt(db, dataDir);
    }

    @Test
    void aBackupTakenWhileCapturesStreamInRestoresToAConsistentDatabase() throws Exception {
        Path live = work.resolve("live");
        Path backup = work.resolve("during-burst.db");
        List<Outcome> beforeBackup;
        List<Outcome> afterBackup;
        try (JarProcess server = JarProcess.start(work, "serve", "--port", "0", "--data-dir", live.toString())) {
            String base = baseUrl(server.awaitListening());
            CaptureBurst burst = new CaptureBurst(base, staffTokens(base, server.linesMatching(JarProcess.TOKEN_LINE).get(0)));
            burst.start();
            burst.awaitAcknowledged(ACKNOWLEDGED_FIRST, BURST_TIMEOUT);
            beforeBackup = burst.outcomes();
            int acknowledgedBefore = burst.acknowledged();
            CliRun.Result command = CliRun.run("backup", backup.toString(), "--data-dir", live.toString());
            assertThat(command.exitCode()).as(command.err()).isZero();
            assertThat(command.lastLine()).contains("integrity check ok");
            int acknowledgedAfter = burst.acknowledged();
            assertThat(acknowledgedAfter).as("captures kept coming in while the backup ran").isGreaterThan(acknowledgedBefore);
            // And after it, so that the copy is not simply the final state.
            burst.awaitAcknowledged(acknowledgedAfter + 20, BURST_TIMEOUT);
            burst.finish();
            afterBackup = burst.outcomes();
            assertThat(server.stop()).isTrue();
        }

        Path restoredDir = work.resolve("restored");
        CliRun.Result restore = CliRun.run("restore", backup.toString(), "--data-dir", restoredDir.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        StoreInvariants restored = new StoreInvariants(restoredDir.resolve("unsilo.db"));
        restored.assertSqliteIntact();
        // Whatever was acknowledged before the backup started is in it; anything in it is whole.
        Set<String> requiredKeys = beforeBackup.stream().filter(Outcome::acknowledged).map(o -> o.planned().key())
                .collect(Collectors.toSet());
        assertCaptures(restored, afterBackup, o -> requiredKeys.contains(o.planned().key()));
        long inBackup = restored.count("SELECT COUNT(*) FROM message");
        long sent = CaptureBurst.expected(afterBackup).size();
        System.out.printf("backup holds %d of the %d messages captured during the burst%n", inBackup, sent);
        assertThat(inBackup).as("the backup is a moment of the burst, not its end").isLessThan(sent);
        assertRelationshipsAsRebuilt(restored, restoredDir);
    }

    /**
     * Every stored message is one that was sent, whole; every message of an outcome matching {@code required} is stored
     * with the copy of the staff member whose request it was.
     */
    private static void assertCaptures(StoreInvariants db, List<Outcome> outcomes, Predicate<Outcome> required) {
        Map<String, Expected> sent = CaptureBurst.expected(outcomes);
        Map<String, Expected> mustHave = CaptureBurst.expected(outcomes.stream().filter(required).toList());
        db.assertCapturesWhole(
                sent.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().parties())),
                sent.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().capturers())),
                mustHave.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().capturers())));
    }

    /** The relationship figures the captures left are what {@code unsilo rebuild-relationships} computes from scratch. */
    private static void assertRelationshipsAsRebuilt(StoreInvariants db, Path dataDir) {
        Map<String, StoreInvariants.Pair> incremental = db.relationships();
        CliRun.Result rebuild = CliRun.run("rebuild-relationships", "--data-dir", dataDir.toString());
        assertThat(rebuild.exitCode()).as(rebuild.err()).isZero();
        StoreInvariants.assertSameRelationships(incremental, db.relationships());
    }

    private static String baseUrl(Matcher listening) {
        return "http://127.0.0.1:" + listening.group(2);
    }

    /** Creates the staff members through the admin API and returns a token for each, in order. */
    private static List<String> staffTokens(String base, String adminToken) throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < STAFF; c++) {
            JsonNode user = post(base + "/api/v1/admin/users", adminToken, JSON.createObjectNode()
                    .put("email", CaptureBurst.staffEmail(c)).put("name", "Staff " + c).put("role", "member"));
            JsonNode token = post(base + "/api/v1/admin/users/" + user.path("id").asLong() + "/tokens", adminToken,
                    JSON.createObjectNode().put("name", "burst"));
            tokens.add(token.path("token").asText());
        }
        return tokens;
    }

    private static JsonNode post(String url, String token, JsonNode body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(201);
        return JSON.readTree(r.body());
    }
}
