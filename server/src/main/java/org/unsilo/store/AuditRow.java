package org.unsilo.store;

public record AuditRow(long id, Long actorId, String action, String targetType, String targetId, String beforeJson,
                       String afterJson, long at) {
}
