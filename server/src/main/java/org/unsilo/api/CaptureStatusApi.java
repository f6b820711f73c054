package org.unsilo.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.unsilo.capture.LoggedMessages;
import org.unsilo.capture.Party;
import org.unsilo.capture.PendingCaptures;
import org.unsilo.contacts.Views;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.store.PendingCaptureRow;

/**
 * What the add-ins need beyond lookup and capture: whether the open message is already logged (and by whom, so
 * every device shows the same), and "log when sent" notes from the compose pane.
 */
public final class CaptureStatusApi {

    static final int MAX_RECIPIENTS = CaptureApi.MAX_RECIPIENTS;

    private final LoggedMessages logged;
    private final PendingCaptures pending;
    private final Requests requests;

    public CaptureStatusApi(LoggedMessages logged, PendingCaptures pending, Requests requests) {
        this.logged = logged;
        this.pending = pending;
        this.requests = requests;
    }

    record StatusRequest(String internetMessageId, String subject, List<PartyInput> to, List<PartyInput> cc) {
    }

    record PendingRequest(String subject, List<PartyInput> to, List<PartyInput> cc,
                          @JsonProperty("private") Boolean privateFlag) {
    }

    record LoggedMessage(long id, String internetMessageId, String subject, Instant sentAt,
                         @JsonProperty("private") boolean privateFlag) {
    }

    record Logger(Views.UserRef user, String source, Instant at) {
    }

    record PendingCapture(long id, String subject, @JsonProperty("private") boolean privateFlag, Instant createdAt,
                          Long messageId, Instant matchedAt) {
        static PendingCapture of(PendingCaptureRow r) {
            return new PendingCapture(r.id(), r.subject(), r.privateFlag(), Instant.ofEpochMilli(r.createdAt()),
                    r.messageId(), r.matchedAt() == null ? null : Instant.ofEpochMilli(r.matchedAt()));
        }
    }

    record Status(String internetMessageId, boolean logged, LoggedMessage message, List<Logger> loggedBy,
                  PendingCapture pendingCapture) {
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/captures/status", this::status);
        routes.post("/api/v1/pending-captures", this::note);
    }

    private void status(Context ctx) {
        long viewer = Requests.principal(ctx).userId();
        StatusRequest req = requests.body(ctx, StatusRequest.class);
        Checks checks = new Checks().require("internetMessageId", req.internetMessageId())
                .line("internetMessageId", req.internetMessageId(), 998)
                .line("subject", req.subject(), 2000);
        checkRecipients(checks, req.to(), req.cc());
        checks.throwIfAny();
        String mid = req.internetMessageId().trim();
        Optional<LoggedMessages.Logged> found = logged.find(mid, viewer);
        List<Logger> loggedBy = found.map(LoggedMessages.Logged::loggedBy).orElse(List.of()).stream()
                .map(l -> new Logger(new Views.UserRef(l.userId(), l.email(), l.displayName()), l.source(),
                        Instant.ofEpochMilli(l.capturedAt())))
                .toList();
        // Only an unlogged message can still be waiting for its "log when sent" note to be resolved.
        Optional<PendingCaptureRow> note = found.isPresent() ? Optional.empty()
                : pending.open(viewer, req.subject(), parties(req.to()), parties(req.cc()));
        ctx.json(new Status(mid, found.isPresent(),
                found.map(LoggedMessages.Logged::message).map(m -> new LoggedMessage(m.id(), m.internetMessageId(),
                        m.subject(), Instant.ofEpochMilli(m.sentAt()), m.privateFlag())).orElse(null),
                loggedBy, note.map(PendingCapture::of).orElse(null)));
    }

    private void note(Context ctx) {
        long user = Requests.principal(ctx).userId();
        PendingRequest req = requests.body(ctx, PendingRequest.class);
        Checks checks = new Checks().line("subject", req.subject(), 2000);
        checkRecipients(checks, req.to(), req.cc());
        if ((req.to() == null || req.to().isEmpty()) && (req.cc() == null || req.cc().isEmpty())) {
            checks.fail("to", "a message to log when sent needs at least one recipient in to or cc");
        }
        checks.throwIfAny();
        PendingCaptureRow row = pending.note(user, req.subject(), parties(req.to()), parties(req.cc()),
                Boolean.TRUE.equals(req.privateFlag()));
        ctx.status(201).json(PendingCapture.of(row));
    }

    private static void checkRecipients(Checks checks, List<PartyInput> to, List<PartyInput> cc) {
        checks.size("to", to, MAX_RECIPIENTS).size("cc", cc, MAX_RECIPIENTS);
        CaptureApi.checkParties(checks, "to", to);
        CaptureApi.checkParties(checks, "cc", cc);
    }

    private static List<Party> parties(List<PartyInput> inputs) {
        return inputs == null ? List.of() : inputs.stream().map(PartyInput::toParty).toList();
    }
}
