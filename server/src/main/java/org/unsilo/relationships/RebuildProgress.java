package org.unsilo.relationships;

/** Where a rebuild of every relationship reports how far it is: a terminal's progress bar, or nowhere. */
public interface RebuildProgress {

    /** Nowhere. */
    RebuildProgress NONE = new RebuildProgress() {
    };

    /** The rebuild starts, with this many contacts on messages to replay. */
    default void start(long contacts) {
    }

    /** This many more contacts were replayed. */
    default void replayed(long contacts) {
    }
}
