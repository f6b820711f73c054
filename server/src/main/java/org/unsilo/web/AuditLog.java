package org.unsilo.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.unsilo.store.AuditRow;
import org.unsilo.store.Database;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/** Reads the audit log, newest first, a page at a time, as an admin reads it: who by name, what it was done to. */
final class AuditLog {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Database db;

    AuditLog(Database db) {
        this.db = db;
    }

    List<AuditEntry> page(long beforeId, int limit) {
        return db.read(h -> {
            List<AuditRow> rows = h.attach(SupportDao.class).auditLog(beforeId, limit);
            UserDao users = h.attach(UserDao.class);
            Map<Long, String> names = new HashMap<>();
            return rows.stream().map(r -> entry(r, id -> names.computeIfAbsent(id, i -> who(users, i)))).toList();
        });
    }

    /** The newest entry of {@code action} on {@code targetId}, if any. */
    Optional<AuditEntry> latest(String action, String targetId) {
        return db.read(h -> h.attach(SupportDao.class).latestAudit(action, targetId)
                .map(r -> entry(r, id -> who(h.attach(UserDao.class), id))));
    }

    private static AuditEntry entry(AuditRow r, LongFunction<String> actor) {
        return new AuditEntry(r.id(), WHEN.format(Instant.ofEpochMilli(r.at())),
                r.actorId() == null ? "system" : actor.apply(r.actorId()),
                r.action(), r.targetType() + (r.targetId() == null ? "" : " " + r.targetId()), href(r),
                r.beforeJson(), r.afterJson());
    }

    private static String who(UserDao users, long id) {
        return users.findById(id).map(AuditLog::name).orElse("user " + id);
    }

    private static String name(UserRow u) {
        return (u.displayName() == null ? "" : u.displayName() + " ") + "<" + u.email() + ">";
    }

    private static String href(AuditRow r) {
        if (r.targetId() == null || !r.targetId().chars().allMatch(Character::isDigit) || r.targetId().isEmpty()) {
            return null;
        }
        return switch (r.targetType()) {
            case "contact" -> "/contacts/" + r.targetId();
            case "organization" -> "/organizations/" + r.targetId();
            default -> null;
        };
    }
}
