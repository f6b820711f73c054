package org.unsilo.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
public interface TokenDao {

    String COLUMNS = "id, user_id, name, token_prefix, created_at, last_used_at, revoked_at";

    @SqlQuery("INSERT INTO api_token (user_id, name, token_hash, token_prefix, created_at)"
            + " VALUES (:userId, :name, :hash, :prefix, :at) RETURNING id")
    long insert(@Bind("userId") long userId, @Bind("name") String name, @Bind("hash") String hash,
                @Bind("prefix") String prefix, @Bind("at") long at);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_token WHERE token_hash = :hash")
    Optional<TokenRow> findByHash(@Bind("hash") String hash);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_token WHERE id = :id")
    Optional<TokenRow> findById(@Bind("id") long id);

    @SqlQuery("SELECT " + COLUMNS + " FROM api_token WHERE user_id = :userId ORDER BY id")
    List<TokenRow> listForUser(@Bind("userId") long userId);

    @SqlUpdate("UPDATE api_token SET last_used_at = :at WHERE id = :id")
    int touch(@Bind("id") long id, @Bind("at") long at);

    @SqlUpdate("UPDATE api_token SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
    int revoke(@Bind("id") long id, @Bind("at") long at);
}
