package org.unsilo.capture;

import java.util.List;
import java.util.Optional;
import org.unsilo.store.Database;
import org.unsilo.store.LoggedMessageRow;
import org.unsilo.store.LoggerRow;
import org.unsilo.store.MessageStatusDao;

/**
 * Whether a message is already in the CRM and which staff logged it: the "already logged" state both add-ins show
 * for the open message. A private message is found only by the people who logged it; to anyone else it is not
 * there at all, so its existence is not revealed either.
 */
public final class LoggedMessages {

    /** A message the viewer may see, and who logged it, in the order they did. */
    public record Logged(LoggedMessageRow message, List<LoggerRow> loggedBy) {
    }

    private final Database db;

    public LoggedMessages(Database db) {
        this.db = db;
    }

    /** The message with this Internet Message-ID (with or without its angle brackets) as {@code viewerId} may see it. */
    public Optional<Logged> find(String internetMessageId, long viewerId) {
        String mid = CaptureService.normaliseMessageId(internetMessageId);
        if (mid == null) {
            return Optional.empty();
        }
        return db.read(h -> {
            MessageStatusDao dao = h.attach(MessageStatusDao.class);
            return dao.visible(mid, viewerId).map(m -> new Logged(m, dao.loggedBy(m.id())));
        });
    }
}
