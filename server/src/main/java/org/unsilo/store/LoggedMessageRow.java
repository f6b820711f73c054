package org.unsilo.store;

/** A stored message as the "already logged" state shows it. */
public record LoggedMessageRow(long id, String internetMessageId, String subject, long sentAt, boolean privateFlag) {
}
