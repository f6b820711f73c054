package org.unsilo.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Mailbox connections, their cursors, sync rounds and OAuth sign-ins under way. */
public interface ConnectionDao {

    String COLUMNS = "id, user_id, provider, refresh_token, status, last_error, last_error_at, last_success_at, lease_until,"
            + " folders, created_at, updated_at";
    String ROUND_COLUMNS = "id, connection_id, started_at, finished_at, status, messages_fetched, messages_stored,"
            + " messages_new, messages_skipped, messages_removed, contacts_fetched, contacts_stored, contacts_created,"
            + " pages, error";

    @SqlUpdate("INSERT INTO mailbox_connection (user_id, provider, status, created_at, updated_at)"
            + " VALUES (:userId, :provider, 'pending', :at, :at) ON CONFLICT (user_id, provider) DO NOTHING")
    int insertIfAbsent(@Bind("userId") long userId, @Bind("provider") String provider, @Bind("at") long at);

    @SqlQuery("SELECT " + COLUMNS + " FROM mailbox_connection WHERE user_id = :userId AND provider = :provider")
    Optional<ConnectionRow> find(@Bind("userId") long userId, @Bind("provider") String provider);

    @SqlQuery("SELECT " + COLUMNS + " FROM mailbox_connection WHERE id = :id")
    Optional<ConnectionRow> findById(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM mailbox_connection WHERE user_id = :userId ORDER BY id")
    List<ConnectionRow> forUser(@Bind("userId") long userId);

    @SqlQuery("SELECT " + COLUMNS + " FROM mailbox_connection ORDER BY id")
    List<ConnectionRow> all();

    @SqlQuery("SELECT MIN(last_success_at) AS oldest_success_at,"
            + " COALESCE(SUM(CASE WHEN status <> 'healthy' THEN 1 ELSE 0 END), 0) AS unhealthy FROM mailbox_connection")
    SyncHealthRow health();

    /** A new or renewed grant: the previous error no longer applies. */
    @SqlUpdate("UPDATE mailbox_connection SET refresh_token = :token, status = CASE WHEN status = 'broken' THEN 'pending'"
            + " ELSE status END, last_error = NULL, last_error_at = NULL, updated_at = :at WHERE id = :id")
    int grant(@Bind("id") long id, @Bind("token") String encryptedToken, @Bind("at") long at);

    /** A token the provider rotated during a refresh (Microsoft does); status is left as it is. */
    @SqlUpdate("UPDATE mailbox_connection SET refresh_token = :token, updated_at = :at WHERE id = :id")
    int replaceToken(@Bind("id") long id, @Bind("token") String encryptedToken, @Bind("at") long at);

    /** Takes the connection for a round unless another process holds an unexpired lease; 1 when taken. */
    @SqlUpdate("UPDATE mailbox_connection SET status = 'syncing', lease_until = :until, updated_at = :now"
            + " WHERE id = :id AND status <> 'broken' AND (lease_until IS NULL OR lease_until < :now)")
    int lease(@Bind("id") long id, @Bind("now") long now, @Bind("until") long until);

    @SqlUpdate("UPDATE mailbox_connection SET lease_until = :until WHERE id = :id")
    int renewLease(@Bind("id") long id, @Bind("until") long until);

    @SqlUpdate("UPDATE mailbox_connection SET status = 'healthy', last_success_at = :at, last_error = NULL,"
            + " last_error_at = NULL, lease_until = NULL, updated_at = :at WHERE id = :id")
    int succeeded(@Bind("id") long id, @Bind("at") long at);

    @SqlUpdate("UPDATE mailbox_connection SET status = :status, last_error = :error, last_error_at = :at,"
            + " lease_until = NULL, updated_at = :at WHERE id = :id")
    int failed(@Bind("id") long id, @Bind("status") String status, @Bind("error") String error, @Bind("at") long at);

    /** Broken for good: the stored token is useless, so it is dropped. */
    @SqlUpdate("UPDATE mailbox_connection SET status = 'broken', refresh_token = NULL, last_error = :error,"
            + " last_error_at = :at, lease_until = NULL, updated_at = :at WHERE id = :id")
    int broken(@Bind("id") long id, @Bind("error") String error, @Bind("at") long at);

    @SqlUpdate("UPDATE mailbox_connection SET folders = :folders, updated_at = :at WHERE id = :id")
    int setFolders(@Bind("id") long id, @Bind("folders") String folders, @Bind("at") long at);

    @SqlUpdate("DELETE FROM mailbox_connection WHERE id = :id")
    int delete(@Bind("id") long id);

    // --- cursors

    @SqlQuery("SELECT connection_id, stream, kind, cursor, round_mark, updated_at FROM sync_cursor"
            + " WHERE connection_id = :id AND stream = :stream")
    Optional<SyncCursorRow> cursor(@Bind("id") long connectionId, @Bind("stream") String stream);

    @SqlUpdate("INSERT INTO sync_cursor (connection_id, stream, kind, cursor, round_mark, updated_at)"
            + " VALUES (:id, :stream, :kind, :cursor, :mark, :at) ON CONFLICT (connection_id, stream) DO UPDATE"
            + " SET kind = excluded.kind, cursor = excluded.cursor, round_mark = excluded.round_mark, updated_at = excluded.updated_at")
    int putCursor(@Bind("id") long connectionId, @Bind("stream") String stream, @Bind("kind") String kind,
                  @Bind("cursor") String cursor, @Bind("mark") String roundMark, @Bind("at") long at);

    @SqlUpdate("DELETE FROM sync_cursor WHERE connection_id = :id AND stream = :stream")
    int deleteCursor(@Bind("id") long connectionId, @Bind("stream") String stream);

    @SqlQuery("SELECT COUNT(*) FROM sync_cursor WHERE connection_id = :id AND kind = 'page'")
    long pageCursors(@Bind("id") long connectionId);

    // --- rounds

    @SqlQuery("INSERT INTO sync_round (connection_id, started_at, status) VALUES (:id, :at, 'running') RETURNING id")
    long startRound(@Bind("id") long connectionId, @Bind("at") long at);

    @SqlUpdate("UPDATE sync_round SET messages_fetched = messages_fetched + :fetched, messages_stored = messages_stored + :stored,"
            + " messages_new = messages_new + :created, messages_skipped = messages_skipped + :skipped,"
            + " messages_removed = messages_removed + :removed, contacts_fetched = contacts_fetched + :cFetched,"
            + " contacts_stored = contacts_stored + :cStored, contacts_created = contacts_created + :cCreated,"
            + " pages = pages + 1 WHERE id = :id")
    int addPage(@Bind("id") long roundId, @Bind("fetched") long fetched, @Bind("stored") long stored,
                @Bind("created") long created, @Bind("skipped") long skipped, @Bind("removed") long removed,
                @Bind("cFetched") long contactsFetched, @Bind("cStored") long contactsStored,
                @Bind("cCreated") long contactsCreated);

    @SqlUpdate("UPDATE sync_round SET status = :status, error = :error, finished_at = :at WHERE id = :id")
    int finishRound(@Bind("id") long roundId, @Bind("status") String status, @Bind("error") String error,
                    @Bind("at") long at);

    @SqlQuery("SELECT " + ROUND_COLUMNS + " FROM sync_round WHERE id = :id")
    Optional<SyncRoundRow> round(@Bind("id") long roundId);

    @SqlQuery("SELECT " + ROUND_COLUMNS + " FROM sync_round WHERE connection_id = :id ORDER BY id DESC LIMIT :limit")
    List<SyncRoundRow> rounds(@Bind("id") long connectionId, @Bind("limit") int limit);

    /** Rounds left 'running' by a process that died: they never finished. */
    @SqlUpdate("UPDATE sync_round SET status = 'failed', error = :error, finished_at = :at"
            + " WHERE connection_id = :id AND status = 'running'")
    int abandonRunning(@Bind("id") long connectionId, @Bind("error") String error, @Bind("at") long at);

    // --- OAuth sign-ins under way

    @SqlUpdate("INSERT INTO oauth_state (state_hash, user_id, provider, code_verifier, expires_at)"
            + " VALUES (:hash, :userId, :provider, :verifier, :expiresAt)")
    int insertState(@Bind("hash") String stateHash, @Bind("userId") long userId, @Bind("provider") String provider,
                    @Bind("verifier") String encryptedVerifier, @Bind("expiresAt") long expiresAt);

    @SqlQuery("SELECT state_hash, user_id, provider, code_verifier, expires_at FROM oauth_state WHERE state_hash = :hash")
    Optional<OAuthStateRow> state(@Bind("hash") String stateHash);

    @SqlUpdate("DELETE FROM oauth_state WHERE state_hash = :hash OR expires_at < :now")
    int consumeState(@Bind("hash") String stateHash, @Bind("now") long now);
}
