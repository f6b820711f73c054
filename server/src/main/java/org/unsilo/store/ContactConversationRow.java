package org.unsilo.store;

/** A {@link ConversationRow} of the recent conversations with one of several contacts read in one query. */
public record ContactConversationRow(long contactId, long id, String internetMessageId, String threadKey, String subject,
                                     String snippet, long sentAt, boolean privateFlag, boolean viewerOwnsCopy,
                                     String fromAddress) {

    public ConversationRow conversation() {
        return new ConversationRow(id, internetMessageId, threadKey, subject, snippet, sentAt, privateFlag, viewerOwnsCopy,
                fromAddress);
    }
}
