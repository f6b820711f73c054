package org.unsilo.store;

/** One place a person appears on a stored message: the message as held, and the party row that names them. */
public record PersonPartyRow(long messageId, String internetMessageId, String threadKey, String subject, String snippet,
                             String body, long sentAt, String source, boolean privateFlag, String role, String address,
                             String name) {
}
