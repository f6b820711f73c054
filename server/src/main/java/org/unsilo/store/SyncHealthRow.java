package org.unsilo.store;

/** Mailbox sync at a glance, for /metrics: the oldest last complete round (null: none yet) and the connections not healthy. */
public record SyncHealthRow(Long oldestSuccessAt, long unhealthy) {
}
