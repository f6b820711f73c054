package org.unsilo.web;

import java.util.List;
import java.util.Optional;

/**
 * What the settings page needs from mailbox sync. The web view and sync are sibling packages that never call each
 * other, so App adapts the sync services to this.
 */
public interface MailboxConnections {

    /** One connection as the settings page lists it; {@code lastSuccessAt} is null before the first complete round. */
    record Connection(long id, String provider, String status, java.time.Instant lastSuccessAt, String lastError) {
    }

    List<Connection> of(long userId);

    /** Providers this server is set up to connect ({@code microsoft}, {@code google}). */
    List<String> providers();

    /** The provider's sign-in page for a new connection of {@code userId}; empty when the provider is not set up. */
    Optional<String> start(long userId, String provider);

    /** Disconnects one of the user's own connections and deletes its stored token; false when it is not theirs. */
    boolean disconnect(long userId, long connectionId);
}
