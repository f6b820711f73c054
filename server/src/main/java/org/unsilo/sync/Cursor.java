package org.unsilo.sync;

/**
 * Where a stream continues. A {@code page} cursor is a position inside a round (a Graph nextLink, a Google page
 * token), with {@code mark} holding what the round will end on (a Gmail historyId); a {@code complete} cursor
 * starts the next round (deltaLink, historyId, syncToken).
 */
public record Cursor(String kind, String value, String mark) {

    public static Cursor page(String value, String mark) {
        return new Cursor("page", value, mark);
    }

    public static Cursor complete(String value) {
        return new Cursor("complete", value, null);
    }

    public boolean isPage() {
        return "page".equals(kind);
    }
}
