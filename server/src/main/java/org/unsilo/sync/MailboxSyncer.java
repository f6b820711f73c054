package org.unsilo.sync;

/** One provider's half of a sync round: list what changed, page by page, into the {@link RoundWriter}. */
public interface MailboxSyncer {

    /**
     * Runs one round for {@code writer.connection()}: continues every stream from its cursor and stops when each has
     * reached the provider's end of changes. Any exception leaves the stored cursors at the last committed page.
     */
    void sync(RoundWriter writer, AccessTokens tokens, org.unsilo.importer.ImportProgress progress) throws Exception;
}
