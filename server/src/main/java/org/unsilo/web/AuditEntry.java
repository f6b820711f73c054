package org.unsilo.web;

/**
 * One audit log entry as the admin page shows it: {@code who} the colleague's name (or "system"), {@code target} what
 * it names and {@code href} where that is shown (null when it has no page), {@code before} and {@code after} as stored.
 */
public record AuditEntry(long id, String when, String who, String action, String target, String href, String before,
                         String after) {
}
