package org.unsilo.sync;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.capture.CaptureService;
import org.unsilo.common.Causes;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.contacts.AddressBookWriter;
import org.unsilo.store.ConnectionDao;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.Database;
import org.unsilo.store.SyncRoundRow;

/**
 * Runs sync rounds and keeps each connection's status truthful: a connection is {@code healthy} only after a round
 * that reached the end of every stream; while a round runs it is {@code syncing}; a round that stopped part-way
 * leaves it {@code incomplete} with the reason in plain words, and the next round resumes from the last page
 * stored; a sign-in the provider no longer accepts makes it {@code broken} until the user reconnects.
 */
public final class SyncService {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    /** How a round ended. */
    public enum Outcome { COMPLETE, FAILED, BROKEN, BUSY, NOT_CONNECTED }

    public record RoundResult(Outcome outcome, SyncRoundRow round, String message) {
    }

    private final Database db;
    private final Connections connections;
    private final OAuthClient oauth;
    private final CaptureService captures;
    private final AddressBookWriter addressBook;
    private final Map<Provider, MailboxSyncer> syncers;
    private final Clock clock;

    public SyncService(Database db, Connections connections, OAuthClient oauth, CaptureService captures,
                       AddressBookWriter addressBook, Map<Provider, MailboxSyncer> syncers,
                       Clock clock) {
        this.db = db;
        this.connections = connections;
        this.oauth = oauth;
        this.captures = captures;
        this.addressBook = addressBook;
        this.syncers = Map.copyOf(syncers);
        this.clock = clock;
    }

    /** One round for the connection, in the calling thread. */
    public RoundResult runRound(long connectionId, ImportProgress progress) {
        ConnectionRow conn = connections.find(connectionId).orElse(null);
        if (conn == null) {
            return new RoundResult(Outcome.NOT_CONNECTED, null, "connection " + connectionId + " does not exist");
        }
        if ("broken".equals(conn.status())) {
            return new RoundResult(Outcome.BROKEN, null, conn.lastError());
        }
        long now = clock.millis();
        long roundId = db.write(h -> {
            ConnectionDao dao = h.attach(ConnectionDao.class);
            if (dao.lease(connectionId, now, now + RoundWriter.LEASE_MILLIS) == 0) {
                return -1L;
            }
            dao.abandonRunning(connectionId, "the process running this round stopped before it finished", now);
            return dao.startRound(connectionId, now);
        });
        if (roundId < 0) {
            return new RoundResult(Outcome.BUSY, null, "another server or command is syncing this mailbox right now");
        }
        Provider provider = Provider.fromWire(conn.provider());
        RoundWriter writer = new RoundWriter(db, captures, addressBook, conn, roundId, progress, clock);
        AccessTokens tokens = new AccessTokens(oauth, connections, conn, clock);
        try {
            syncers.get(provider).sync(writer, tokens, progress);
        } catch (TokenCipher.UnreadableSecretException e) {
            return finish(conn, roundId, Outcome.BROKEN, "The stored sign-in cannot be read: " + e.getMessage());
        } catch (Exception e) {
            IOException revoked = revokedCause(e);
            if (revoked != null) {
                return finish(conn, roundId, Outcome.BROKEN, revoked.getMessage());
            }
            return finish(conn, roundId, Outcome.FAILED, SyncErrors.plainWords(provider, e));
        }
        return finish(conn, roundId, Outcome.COMPLETE, null);
    }

    /** {@code conn} is the connection as it was before this round. */
    private RoundResult finish(ConnectionRow conn, long roundId, Outcome outcome, String error) {
        long at = clock.millis();
        String connectionError = outcome == Outcome.FAILED
                ? error + " The next round continues from the last page stored." : error;
        SyncRoundRow round = db.write(h -> {
            ConnectionDao dao = h.attach(ConnectionDao.class);
            dao.finishRound(roundId, outcome == Outcome.COMPLETE ? "complete" : "failed", error, at);
            switch (outcome) {
                case COMPLETE -> dao.succeeded(conn.id(), at);
                case BROKEN -> dao.broken(conn.id(), connectionError, at);
                default -> dao.failed(conn.id(), "incomplete", connectionError, at);
            }
            return dao.round(roundId).orElseThrow();
        });
        log(conn, roundId, outcome, error, connectionError);
        return new RoundResult(outcome, round, error);
    }

    /**
     * Tells the admin when a connection's trouble starts, changes or ends: a cause that lasts (an OAuth client removed
     * from the settings, a network down) fails every round, and one warning per sync interval would bury the rest of
     * the log. The user sees the stored error after every round regardless. Comparing with the error stored before
     * this round, rather than remembering in this process, keeps it to one line across restarts and servers.
     */
    private static void log(ConnectionRow before, long roundId, Outcome outcome, String error, String connectionError) {
        switch (outcome) {
            case COMPLETE -> {
                if (before.lastError() != null) {
                    LOG.info("mailbox connection {} ({}) syncs again", before.id(), before.provider());
                }
            }
            case BROKEN -> LOG.warn("mailbox connection {} ({}) is broken: {}", before.id(), before.provider(), error);
            default -> {
                if (connectionError.equals(before.lastError())) {
                    LOG.debug("sync round {} of connection {} stopped again: {}", roundId, before.id(), error);
                } else {
                    LOG.warn("sync round {} of connection {} stopped: {} (not repeated while the reason stays the same)",
                            roundId, before.id(), error);
                }
            }
        }
    }

    /** The provider refusing the connection's sign-in for good, wherever an SDK wrapped it; else null. */
    static IOException revokedCause(Throwable e) {
        return Causes.first(e, OAuthClient.GrantRevokedException.class).orElse(null);
    }
}
