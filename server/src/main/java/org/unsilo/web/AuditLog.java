package org.unsilo.web;

import java.util.List;
import org.unsilo.store.AuditRow;
import org.unsilo.store.Database;
import org.unsilo.store.SupportDao;

/** Reads the audit log, newest first, a page at a time. */
final class AuditLog {

    private final Database db;

    AuditLog(Database db) {
        this.db = db;
    }

    List<AuditRow> page(long beforeId, int limit) {
        return db.read(h -> h.attach(SupportDao.class).auditLog(beforeId, limit));
    }
}
