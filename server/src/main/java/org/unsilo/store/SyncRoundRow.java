package org.unsilo.store;

/** A row of {@code sync_round}: the truthful account of one sync round of a connection. */
public record SyncRoundRow(long id, long connectionId, long startedAt, Long finishedAt, String status, long messagesFetched,
                           long messagesStored, long messagesNew, long messagesSkipped, long messagesRemoved,
                           long contactsFetched, long contactsStored, long contactsCreated, long pages, String error) {
}
