package org.unsilo.capture;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.store.Changes;
import org.unsilo.store.CaptureStatements;
import org.unsilo.store.Database;
import org.unsilo.store.PendingCaptureDao;
import org.unsilo.store.PendingCaptureRow;

/**
 * "Log when sent": the compose pane's send event leaves a note (subject and recipients), and the first capture of
 * the sent message by the same user resolves it. The note never stores a message, so however the sent message
 * arrives later (read pane, mailbox sync, both) it is stored once, by capture's own de-duplication.
 *
 * <p>A note matches a message of the same user with the same subject (without RE:/FW:) and the same To+Cc
 * addresses, within {@link #MATCH_WINDOW} of the send.
 */
public final class PendingCaptures {

    static final Duration MATCH_WINDOW = Duration.ofDays(14);

    private final Database db;
    private final AddressParser parser;
    private final Clock clock;

    public PendingCaptures(Database db, AddressParser parser, Clock clock) {
        this.db = db;
        this.parser = parser;
        this.clock = clock;
    }

    public PendingCaptureRow note(long userId, String subject, List<Party> to, List<Party> cc, boolean privateFlag) {
        long now = clock.millis();
        String recipients = recipients(to, cc);
        if (recipients.isEmpty()) {
            // A note is matched to the sent message by its recipients: with none it would match any message.
            throw new InvalidFieldException("to", "none of the recipients is a valid e-mail address");
        }
        return db.write(Changes.none(), h -> {
            PendingCaptureDao dao = h.attach(PendingCaptureDao.class);
            long id = dao.insert(userId, subject, MessageText.normaliseSubject(subject), recipients,
                    privateFlag ? 1 : 0, now);
            return dao.find(id).orElseThrow();
        });
    }

    /** The user's open note for a message with this subject and these recipients, if there is one. */
    public Optional<PendingCaptureRow> open(long userId, String subject, List<Party> to, List<Party> cc) {
        long since = clock.millis() - MATCH_WINDOW.toMillis();
        String recipients = recipients(to, cc);
        if (recipients.isEmpty()) {
            return Optional.empty();
        }
        return db.read(h -> h.attach(PendingCaptureDao.class).open(userId, MessageText.normaliseSubject(subject), recipients, since));
    }

    /**
     * Marks the user's open note for this message ({@code recipients} from {@link #recipientsOf}) as done, in the
     * capture's own transaction. {@link CaptureService}
     * calls it for every stored message the capturing user sent, however it arrived (read pane, Gmail, sync, import).
     */
    void resolve(CaptureStatements sql, Capture capture, String recipients, long messageId) {
        long now = clock.millis();
        sql.openNote(capture.capturedBy(), MessageText.normaliseSubject(capture.subject()), recipients,
                now - MATCH_WINDOW.toMillis()).ifPresent(id -> sql.resolveNote(id, messageId, now));
    }

    /** The recipients a note of {@code capture}'s message would have been left with, as {@link #resolve} matches them. */
    String recipientsOf(Capture capture) {
        return recipients(capture.to(), capture.cc());
    }

    private String recipients(List<Party> to, List<Party> cc) {
        TreeSet<String> addresses = new TreeSet<>();
        Stream.concat(to.stream(), cc.stream())
                .map(parser::parse)
                .filter(ParsedParty::isValid)
                .forEach(p -> addresses.add(p.email().address()));
        return String.join(",", addresses);
    }
}
