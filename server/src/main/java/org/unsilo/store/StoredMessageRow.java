package org.unsilo.store;

/** What a capture answers about a message stored before: its identity, thread, subject, date and privacy. */
public record StoredMessageRow(long id, String internetMessageId, String threadKey, String subject, long sentAt,
                               boolean privateFlag) {
}
