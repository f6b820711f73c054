package org.unsilo.store;

/**
 * A message of the recent conversations with one of several contacts read in one query, for no viewer in particular:
 * {@link RecentConversations.Page} works out who may see it from the copy owners.
 */
public record ContactConversationRow(long contactId, long id, String internetMessageId, String threadKey, String subject,
                                     String snippet, long sentAt, boolean privateFlag, String fromAddress) {

    /** The row as a list entry; no viewer owns a copy of it yet ({@link ConversationRow#asVisible} for one who may). */
    public ConversationRow conversation() {
        return new ConversationRow(id, internetMessageId, threadKey, subject, snippet, sentAt, privateFlag, false, fromAddress);
    }
}
