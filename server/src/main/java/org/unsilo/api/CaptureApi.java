package org.unsilo.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.auth.Principal;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureResult;
import org.unsilo.capture.CaptureService;
import org.unsilo.http.ApiException;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.store.Changes;
import org.unsilo.store.Database;
import org.unsilo.store.StoredResponse;
import org.unsilo.store.SupportDao;

/** {@code POST /api/v1/captures}: store "this e-mail and these people", once, with Idempotency-Key support. */
public final class CaptureApi {

    static final int MAX_RECIPIENTS = 500;
    private static final int MAX_HEADERS = 50;

    private final CaptureService captures;
    private final Database db;
    private final ActivityRecorder activity;
    private final Requests requests;
    private final ObjectMapper mapper;
    private final Clock clock;

    public CaptureApi(CaptureService captures, Database db, ActivityRecorder activity, Requests requests,
                      ObjectMapper mapper, Clock clock) {
        this.captures = captures;
        this.db = db;
        this.activity = activity;
        this.requests = requests;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/captures", this::capture);
    }

    private void capture(Context ctx) throws Exception {
        Principal principal = Requests.principal(ctx);
        String idemKey = ctx.header("Idempotency-Key");
        String requestHash = null;
        if (idemKey != null) {
            // A structured-field string (RFC 8941), as the Idempotency-Key draft defines it: visible ASCII and spaces.
            if (idemKey.isBlank() || idemKey.length() > 200 || !idemKey.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw ApiException.badRequest("Idempotency-Key must be 1 to 200 printable ASCII characters");
            }
            requestHash = Hashing.sha256().hashBytes(ctx.bodyAsBytes()).toString();
            Optional<StoredResponse> replay = findReplay(principal.userId(), idemKey, requestHash);
            if (replay.isPresent()) {
                ctx.status(replay.get().status()).contentType("application/json").result(replay.get().responseBody());
                ctx.header("Idempotent-Replayed", "true");
                return;
            }
        }
        CaptureRequest req = requests.body(ctx, CaptureRequest.class);
        Capture capture = toCapture(req, principal.userId());
        CaptureResult result = captures.capture(capture);
        activity.record(principal.userId(), "capture", result.message().id(), capture.source().wireName());
        int status = result.created() ? 201 : 200;
        String body = mapper.writeValueAsString(CaptureResponse.of(result));
        if (idemKey != null) {
            remember(principal.userId(), idemKey, requestHash, status, body);
        }
        ctx.status(status).contentType("application/json").result(body);
    }

    private Optional<StoredResponse> findReplay(long userId, String key, String requestHash) {
        Optional<StoredResponse> stored = db.read(h -> h.attach(SupportDao.class).storedResponse(userId, key));
        if (stored.isPresent() && !stored.get().requestHash().equals(requestHash)) {
            throw ApiException.unprocessable("Idempotency-Key",
                    "this Idempotency-Key was already used for a different request body");
        }
        return stored;
    }

    private void remember(long userId, String key, String requestHash, int status, String body) {
        long now = clock.millis();
        db.write(Changes.none(), h -> h.attach(SupportDao.class).storeResponse(userId, key, requestHash, status, body, now));
    }

    private Capture toCapture(CaptureRequest r, long userId) {
        Checks checks = new Checks();
        Capture.Source source = r.source() == null ? Capture.Source.API : Capture.Source.fromWire(r.source());
        if (source == null) {
            checks.fail("source", "must be one of outlook, gmail, graph-sync, gmail-sync, import, api");
        }
        checks.require("from", r.from())
                .line("internetMessageId", r.internetMessageId(), 998)
                .line("providerMessageId", r.providerMessageId(), 500)
                .line("threadId", r.threadId(), 500)
                .line("subject", r.subject(), 2000)
                .text("bodyText", r.bodyText(), 1_000_000, true)
                .text("snippet", r.snippet(), 2000, true)
                .size("to", r.to(), MAX_RECIPIENTS)
                .size("cc", r.cc(), MAX_RECIPIENTS);
        int total = (r.to() == null ? 0 : r.to().size()) + (r.cc() == null ? 0 : r.cc().size());
        if (total > MAX_RECIPIENTS) {
            checks.fail("to", "to and cc together have " + total + " recipients; at most " + MAX_RECIPIENTS + " are accepted");
        }
        checkParty(checks, "from", r.from());
        checkParties(checks, "to", r.to());
        checkParties(checks, "cc", r.cc());
        if (r.headers() != null) {
            if (r.headers().size() > MAX_HEADERS) {
                checks.fail("headers", "at most " + MAX_HEADERS + " headers are accepted");
            }
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                checks.line("headers." + h.getKey(), h.getKey(), 100).text("headers." + h.getKey(), h.getValue(), 8000, true);
            }
        }
        Instant sentAt = parseSentAt(checks, r.sentAt());
        checks.throwIfAny();
        return new Capture(source, userId, blankToNull(r.internetMessageId()), blankToNull(r.providerMessageId()),
                blankToNull(r.threadId()), r.subject(), sentAt, r.from().toParty(),
                r.to() == null ? List.of() : r.to().stream().map(PartyInput::toParty).toList(),
                r.cc() == null ? List.of() : r.cc().stream().map(PartyInput::toParty).toList(),
                r.bodyText(), r.snippet(), r.headers(), Boolean.TRUE.equals(r.privateFlag()));
    }

    static void checkParties(Checks checks, String field, List<PartyInput> parties) {
        if (parties == null) {
            return;
        }
        for (int i = 0; i < parties.size(); i++) {
            if (parties.get(i) == null) {
                checks.fail(field + "[" + i + "]", "must be an address object or string, not null");
            } else {
                checkParty(checks, field + "[" + i + "]", parties.get(i));
            }
        }
    }

    static void checkParty(Checks checks, String field, PartyInput p) {
        if (p == null) {
            return;
        }
        if (p.raw() == null && (p.address() == null || p.address().isBlank())) {
            checks.fail(field + ".address", "is required");
        }
        checks.line(field, p.raw(), 1000).line(field + ".address", p.address(), 320).line(field + ".name", p.name(), 300);
    }

    private Instant parseSentAt(Checks checks, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(raw).toInstant();
            if (t.isAfter(clock.instant().plus(2, ChronoUnit.DAYS))) {
                checks.fail("sentAt", "is in the future");
            }
            return t;
        } catch (DateTimeParseException e) {
            checks.fail("sentAt", "must be an ISO-8601 date-time with offset, e.g. 2001-05-14T16:39:00Z");
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
