package org.unsilo.relationships;

import java.time.Clock;
import java.util.List;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.store.Database;
import org.unsilo.store.HandoverDao;
import org.unsilo.store.HandoverRow;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/**
 * Colleagues who leave (DESIGN.md §6): an admin marks them departed, their relationships stay (history intact, shown
 * as orphaned), and each is handed over to an active colleague. Signing the leaver out of the web and the API is
 * the caller's part ({@link #depart} returns the user so it can).
 */
public final class Leavers {

    private final Database db;
    private final Clock clock;

    public Leavers(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public UserRow depart(long actorId, long userId) {
        if (actorId == userId) {
            throw new InvalidFieldException("user", "you cannot mark yourself as departed");
        }
        long now = clock.millis();
        return db.write(h -> {
            UserDao users = h.attach(UserDao.class);
            UserRow user = users.findById(userId).orElseThrow(() -> new InvalidFieldException("user", "user " + userId + " does not exist"));
            if (user.isActive()) {
                users.setStatus(userId, "departed", now);
                h.attach(SupportDao.class).audit(actorId, "user.depart", "user", Long.toString(userId), "active", "departed", now);
            }
            return users.findById(userId).orElseThrow();
        });
    }

    /** A departed user's relationships, strongest first, with their hand-over if any. */
    public List<HandoverRow> relationshipsOf(long userId, int limit) {
        return db.read(h -> h.attach(HandoverDao.class).relationshipsOf(userId, limit));
    }

    /** How many of a user's relationships nobody has taken over yet. */
    public long openCount(long userId) {
        return db.read(h -> h.attach(HandoverDao.class).openCount(userId));
    }

    /** Hands the given contacts of a departed user over to an active colleague; returns how many were handed over. */
    public int handOver(long actorId, long fromUserId, List<Long> contactIds, long toUserId) {
        long now = clock.millis();
        return db.write(h -> {
            UserDao users = h.attach(UserDao.class);
            UserRow from = users.findById(fromUserId).orElseThrow(() -> new InvalidFieldException("from", "user " + fromUserId + " does not exist"));
            if (from.isActive()) {
                throw new InvalidFieldException("from", from.email() + " has not left; mark them departed first");
            }
            UserRow to = users.findById(toUserId).filter(UserRow::isActive)
                    .orElseThrow(() -> new InvalidFieldException("to", "choose an active colleague to hand over to"));
            HandoverDao dao = h.attach(HandoverDao.class);
            int n = 0;
            for (long contactId : contactIds) {
                n += dao.handOver(fromUserId, contactId, to.id(), actorId, now);
            }
            h.attach(SupportDao.class).audit(actorId, "relationship.handover", "user", Long.toString(fromUserId),
                    null, n + " contacts to user " + to.id(), now);
            return n;
        });
    }

    /** "Ann → Bob" for each hand-over of a contact, oldest first. */
    public List<String> handoversOf(long contactId) {
        return db.read(h -> h.attach(HandoverDao.class).ofContact(contactId));
    }
}
