package org.unsilo.store;

/** A row of {@code sync_cursor}: where one stream of a connection continues. */
public record SyncCursorRow(long connectionId, String stream, String kind, String cursor, String roundMark, long updatedAt) {
}
