package org.unsilo.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.unsilo.testing.CaptureJson;

/**
 * A burst of captures from several staff members at once against a server over HTTP, each with an Idempotency-Key,
 * as the add-ins send them. Every client (one per staff member) works through its own list: offers it sends to
 * contacts, the contacts' replies (threaded by In-Reply-To), and every sixth one a message to all staff that every
 * client captures, so that one message gets several copies. Contacts and their organisations are shared between the
 * clients, so concurrent captures create and find the same ones. What each request got back is recorded: a status, or
 * no answer at all (the server died with the request in flight).
 */
final class CaptureBurst {

    static final String STAFF_DOMAIN = "unsilo.test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONTACTS = 24;

    /** One capture of the plan; {@code parties} are "role address" as the store keeps them. */
    record Planned(int client, String key, String messageId, String json, Set<String> parties) {
    }

    /** What a request got: an HTTP status and body (and whether it was a stored answer), or status 0 when no answer came. */
    record Outcome(Planned planned, int status, String body, boolean replayed) {
        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        boolean unanswered() {
            return status == 0;
        }
    }

    /** A message of the plan: its parties, and the staff members (e-mail) whose lists hold it. */
    record Expected(Set<String> parties, Set<String> capturers) {
    }

    private final String baseUrl;
    private final List<String> tokens;
    private final Instant base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Future<?>> running = new ArrayList<>();
    private ExecutorService clients;

    /** One client per token; {@code tokens.get(i)} belongs to {@link #staffEmail staffEmail(i)}. */
    CaptureBurst(String baseUrl, List<String> tokens) {
        this(baseUrl, tokens, Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES));
    }

    private CaptureBurst(String baseUrl, List<String> tokens, Instant base) {
        this.baseUrl = baseUrl;
        this.tokens = List.copyOf(tokens);
        this.base = base;
    }

    /** The same clients and captures against a server at another address (the same one restarted). */
    CaptureBurst onServer(String otherBaseUrl) {
        return new CaptureBurst(otherBaseUrl, tokens, base);
    }

    static String staffEmail(int client) {
        return "staff" + client + "@" + STAFF_DOMAIN;
    }

    /** Every message some request was sent for, by Message-ID, with its parties and the staff who sent it. */
    static Map<String, Expected> expected(List<Outcome> outcomes) {
        Map<String, Expected> out = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Planned p = o.planned();
            out.computeIfAbsent(p.messageId(), id -> new Expected(p.parties(), new LinkedHashSet<>()))
                    .capturers().add(staffEmail(p.client()));
        }
        return out;
    }

    /**
     * Starts one thread per staff member; each sends its captures one after the other, without end, until
     * {@link #finish} or until its server stops answering.
     */
    void start() {
        clients = Executors.newFixedThreadPool(tokens.size());
        for (int c = 0; c < tokens.size(); c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    Planned p = planned(client, i);
                    Outcome o = send(p);
                    outcomes.put(p.key(), o);
                    if (o.acknowledged()) {
                        acknowledged.incrementAndGet();
                    } else if (o.unanswered()) {
                        // The server is gone: this client sends nothing more.
                        return null;
                    } else {
                        throw new AssertionError("capture " + p.key() + " refused: " + o.status() + " " + o.body());
                    }
                }
                return null;
            }));
        }
    }

    void awaitAcknowledged(int atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.get() < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + acknowledged.get() + " captures acknowledged within " + timeout);
            }
            for (Future<?> f : running) {
                if (f.isDone()) {
                    f.get();
                    throw new AssertionError("a client stopped early with " + acknowledged.get() + " acknowledged");
                }
            }
            Thread.sleep(5);
        }
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Stops sending and waits for the clients; a client that failed (not merely lost its server) fails here. */
    void finish() throws Exception {
        stop.set(true);
        for (Future<?> f : running) {
            f.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
    }

    /** A snapshot of what every request sent so far got. */
    List<Outcome> outcomes() {
        return List.copyOf(outcomes.values());
    }

    /** Sends a capture again, with its Idempotency-Key and body, as a client does after a lost answer. */
    Outcome send(Planned p) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/captures"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.get(p.client()))
                .header("Idempotency-Key", p.key())
                .POST(HttpRequest.BodyPublishers.ofString(p.json()))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Outcome(p, r.statusCode(), r.body(),
                    "true".equals(r.headers().firstValue("Idempotent-Replayed").orElse(null)));
        } catch (IOException e) {
            return new Outcome(p, 0, e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The message id a capture answer names. */
    static long messageIdOf(String responseBody) {
        try {
            JsonNode json = JSON.readTree(responseBody);
            return json.path("message").path("id").asLong();
        } catch (IOException e) {
            throw new AssertionError("not a capture answer: " + responseBody, e);
        }
    }

    /**
     * Capture {@code i} of client {@code c}: an offer to a contact (even i), the contact's reply to it (odd i), and
     * every sixth one the message to all staff that every client captures.
     */
    Planned planned(int c, int i) {
        String staff = staffEmail(c);
        String key = "burst-" + c + "-" + i;
        if (i % 6 == 5) {
            // The same message in every client's list: identical content, so every copy folds into one.
            int k = i / 6;
            String messageId = "<shared-" + k + "@crash.unsilo.test>";
            String from = "shared" + k + "@globex" + (k % 3) + ".com";
            String cc = "ops@acme" + (k % 4) + ".com";
            List<String> allStaff = new ArrayList<>();
            for (int s = 0; s < tokens.size(); s++) {
                allStaff.add(staffEmail(s));
            }
            CaptureJson m = CaptureJson.from(from).messageId(messageId).subject("Quarterly review " + k)
                    .sentAt(base.plus(k, ChronoUnit.MINUTES)).body("Agenda for review " + k + ".")
                    .to(allStaff.toArray(String[]::new)).cc(cc);
            Set<String> parties = new LinkedHashSet<>();
            parties.add("from " + from);
            allStaff.forEach(s -> parties.add("to " + s));
            parties.add("cc " + cc);
            return new Planned(c, key, messageId, m.json(), parties);
        }
        int n = (c * 7 + i / 2) % CONTACTS;
        String contact = person(n);
        Instant sentAt = base.plus(10_000L + c * 20_000L + i, ChronoUnit.MINUTES);
        String offer = c + "-" + (i - i % 2);
        String offerId = "<offer-" + offer + "@crash.unsilo.test>";
        Set<String> parties = new LinkedHashSet<>();
        if (i % 2 == 0) {
            String cc = person((n + 5) % CONTACTS);
            CaptureJson m = CaptureJson.from(staff).to(contact).cc(cc).subject("Offer " + offer)
                    .body("Our offer number " + offer + ".").messageId(offerId).sentAt(sentAt);
            parties.add("from " + staff);
            parties.add("to " + contact);
            parties.add("cc " + cc);
            return new Planned(c, key, offerId, m.json(), parties);
        }
        String replyId = "<reply-" + c + "-" + i + "@crash.unsilo.test>";
        CaptureJson m = CaptureJson.from(contact).to(staff).subject("Re: Offer " + offer).header("In-Reply-To", offerId)
                .body("Thanks for offer " + offer + ".").messageId(replyId).sentAt(sentAt);
        parties.add("from " + contact);
        parties.add("to " + staff);
        return new Planned(c, key, replyId, m.json(), parties);
    }

    private static String person(int n) {
        return "person" + n + "@acme" + (n % 6) + ".com";
    }
}
