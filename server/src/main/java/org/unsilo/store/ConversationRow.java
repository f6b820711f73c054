package org.unsilo.store;

/** A message as a list entry, with whether the viewer owns a copy of it (which decides what they may see). */
public record ConversationRow(long id, String internetMessageId, String threadKey, String subject, String snippet,
                              long sentAt, boolean privateFlag, boolean viewerOwnsCopy, String fromAddress) {

    /** The row as a viewer who may see it gets it: private messages as their copy owners do. */
    public ConversationRow asVisible() {
        return privateFlag && !viewerOwnsCopy
                ? new ConversationRow(id, internetMessageId, threadKey, subject, snippet, sentAt, true, true, fromAddress)
                : this;
    }
}
