package org.unsilo.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.unsilo.fuzz.FuzzClient.Outcome;
import org.unsilo.fuzz.FuzzRequest.Expect;
import org.unsilo.fuzz.OpenApiOperations.Operation;
import org.unsilo.testing.AddOnClient;
import org.unsilo.testing.GoogleStub;
import org.unsilo.testing.TestServer;

/**
 * Fuzzing every entry point of a real server (DESIGN.md §12, issue 9): at least 10,000 generated malformed requests
 * (JSON, headers, media types, unicode, huge values, MIME files, HTTP-level breakage) over every operation of the
 * OpenAPI document and the non-API routes, mixed with a fixed list of valid requests. Every malformed request must
 * get a 4xx (problem+json with a detail on /api), never a 5xx; the server must still answer /health; and the
 * database must end exactly as a clean run of the valid requests alone leaves it.
 *
 * <p>Generators use a seeded {@link Random} per request index, not a property-based library: the subject is one
 * long-lived stateful server, so shrinking would not help, and request {@code i} of seed {@code s} can be replayed
 * alone. Run again with {@code -Dunsilo.fuzz.seed=S}; the seed is printed. {@code -Dunsilo.fuzz.requests=N} changes
 * the number of malformed requests (default 10,000).
 */
class ApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 3;
    private static final String MEMBER = "member@unsilo.test";

    @Test
    void malformedRequestsAreRefusedAndChangeNothing() throws Exception {
        long seed = Long.getLong("unsilo.fuzz.seed", new Random().nextLong());
        int count = Integer.getInteger("unsilo.fuzz.requests", 10_000);
        System.out.println("ApiFuzzTest seed " + seed + " (rerun with -Dunsilo.fuzz.seed=" + seed + ")");

        RSAKey key = AddOnClient.newKey("fuzz-key");
        try (GoogleStub google = new GoogleStub(key, AddOnClient.USER_OAUTH_TOKEN, AddOnClient.MESSAGE_TOKEN);
             TestServer server = TestServer.start(AddOnClient.settings(google, "unsilo.test"));
             TestServer clean = TestServer.start(AddOnClient.settings(google, "unsilo.test"))) {
            Credentials credentials = new Credentials(server.adminToken(), server.member(MEMBER, "Mo Member"));
            Credentials cleanCredentials = new Credentials(clean.adminToken(), clean.member(MEMBER, "Mo Member"));

            long started = System.nanoTime();
            Run run = fuzz(server, credentials, key, seed, count);
            long millis = (System.nanoTime() - started) / 1_000_000;

            System.out.println("ApiFuzzTest sent " + run.sent.sum() + " requests in " + millis + " ms; statuses "
                    + new TreeMap<>(run.statuses));
            new TreeMap<>(run.failures).forEach((k, v) -> System.out.println("ApiFuzzTest FAILURE " + k + ": " + v));
            assertThat(run.sent.sum()).as("requests sent").isGreaterThanOrEqualTo(count);
            assertThat(run.failures).as("requests answered wrongly (seed %d)", seed).isEmpty();
            assertThat(server.get("/health", null).status()).as("/health after the fuzz run").isEqualTo(200);

            FuzzClient cleanClient = new FuzzClient(clean.app().port());
            for (FuzzRequest valid : ValidRequests.all(cleanCredentials, MEMBER)) {
                Outcome o = cleanClient.send(valid);
                assertThat(o.status()).as("clean run: %s → %s", valid, o.body()).isBetween(200, 299);
            }
            assertThat(DatabaseDigest.of(server.app()))
                    .as("database after fuzzing vs. after only the valid requests")
                    .isEqualTo(DatabaseDigest.of(clean.app()));
        }
    }

    /**
     * What a run saw: requests sent, statuses, and the requests answered wrongly, grouped by generator branch and
     * wrong answer (count and first example).
     */
    private record Run(LongAdder sent, Map<Integer, Integer> statuses, Map<String, Failure> failures) {
    }

    private record Failure(LongAdder count, String example) {
        @Override
        public String toString() {
            return count.sum() + "×, e.g. " + example;
        }
    }

    private static Run fuzz(TestServer server, Credentials credentials, RSAKey key, long seed, int count) throws Exception {
        OpenApiOperations api = OpenApiOperations.load();
        List<Operation> ops = api.operations();
        ApiRequests apiRequests = new ApiRequests(api, credentials);
        Map<String, String> systemTokens = new ConcurrentHashMap<>();
        EntryPointRequests entryPoints = new EntryPointRequests(credentials, path -> systemTokens.computeIfAbsent(path,
                p -> AddOnClient.sign(AddOnClient.systemClaims(p).build(), key)));
        WireRequests wire = new WireRequests(credentials);
        List<Operation> jsonOps = ops.stream().filter(Operation::takesJson).toList();
        long maxBytes = server.app().config().maxRequestBytes();

        FuzzClient client = new FuzzClient(server.app().port());
        Run run = new Run(new LongAdder(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        Random r = new Random(seed ^ (i * 0x9E3779B97F4A7C15L));
                        int slot = i % 100;
                        FuzzRequest req;
                        if (slot < 82) {
                            req = apiRequests.next(r, ops.get(i % ops.size()));
                        } else if (slot < 94) {
                            req = entryPoints.next(r);
                        } else if (slot < 99 || i % 500 != 99) {
                            req = wire.next(r, ops.get(i % ops.size()).path().replaceAll("\\{[^}]+}", "1"));
                        } else {
                            req = apiRequests.oversized(r, jsonOps.get(r.nextInt(jsonOps.size())), maxBytes);
                        }
                        check(run, i, req, client.send(req));
                    }
                    return null;
                }));
            }
            // The valid requests go one after the other, in a fixed order, while the malformed ones run.
            workers.add(pool.submit(() -> {
                int i = -1;
                for (FuzzRequest valid : ValidRequests.all(credentials, MEMBER)) {
                    check(run, i--, valid, client.send(valid));
                    Thread.sleep(20);
                }
                return null;
            }));
            for (Future<?> w : workers) {
                w.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return run;
    }

    private static void check(Run run, int index, FuzzRequest req, Outcome o) {
        run.sent.increment();
        run.statuses.merge(o.status(), 1, Integer::sum);
        String problem = verdict(req, o);
        if (problem != null) {
            String body = o.body().length() > 300 ? o.body().substring(0, 300) + "…" : o.body();
            String example = "#" + index + " " + req + " → " + o.status() + ": " + (o.error() != null ? o.error() : body);
            run.failures.computeIfAbsent(req.label() + " → " + o.status() + " " + problem,
                    k -> new Failure(new LongAdder(), example)).count().increment();
        }
    }

    /** Null when the answer is right for the request, else what is wrong with it. */
    private static String verdict(FuzzRequest req, Outcome o) {
        if (o.error() != null) {
            return "no HTTP answer";
        }
        int s = o.status();
        if (s >= 500) {
            return "server error";
        }
        return switch (req.expect()) {
            case VALID -> s >= 200 && s < 300 ? null : "valid request refused";
            case HTTP_REJECT -> s >= 400 ? null : "accepted";
            case PAGE_REJECT -> s >= 300 ? null : "accepted";
            case API_REJECT -> s < 400 ? "accepted" : problemDetail(o);
        };
    }

    private static String problemDetail(Outcome o) {
        if (!o.contentType().startsWith("application/problem+json")) {
            return "not problem+json (" + o.contentType() + ")";
        }
        try {
            JsonNode p = JSON.readTree(o.body());
            return p.path("detail").asText().isBlank() ? "problem without detail" : null;
        } catch (java.io.IOException e) {
            return "problem+json that is not JSON";
        }
    }

}
