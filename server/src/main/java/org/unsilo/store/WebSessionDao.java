package org.unsilo.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface WebSessionDao {

    @SqlUpdate("INSERT INTO web_session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)"
            + " VALUES (:hash, :userId, :csrf, :at, :at, :expiresAt)")
    void insert(@Bind("hash") String tokenHash, @Bind("userId") long userId, @Bind("csrf") String csrf,
                @Bind("at") long at, @Bind("expiresAt") long expiresAt);

    @SqlQuery("SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at FROM web_session"
            + " WHERE token_hash = :hash")
    Optional<WebSessionRow> find(@Bind("hash") String tokenHash);

    @SqlUpdate("UPDATE web_session SET last_seen_at = :at WHERE token_hash = :hash")
    int touch(@Bind("hash") String tokenHash, @Bind("at") long at);

    @SqlUpdate("DELETE FROM web_session WHERE token_hash = :hash")
    int delete(@Bind("hash") String tokenHash);

    @SqlUpdate("DELETE FROM web_session WHERE user_id = :userId")
    int deleteOfUser(@Bind("userId") long userId);

    @SqlUpdate("DELETE FROM web_session WHERE user_id = :userId AND token_hash <> :keep")
    int deleteOfUserExcept(@Bind("userId") long userId, @Bind("keep") String keepHash);

    @SqlUpdate("DELETE FROM web_session WHERE expires_at < :now OR last_seen_at < :idleBefore")
    int deleteExpired(@Bind("now") long now, @Bind("idleBefore") long idleBefore);

    /** 1 when this session first sends {@code formKey} to {@code form}, 0 when it sent it before. */
    @SqlUpdate("INSERT INTO web_form_use (session_hash, form_key, form) VALUES (:hash, :key, :form)"
            + " ON CONFLICT (session_hash, form_key, form) DO NOTHING")
    int useFormKey(@Bind("hash") String tokenHash, @Bind("key") String formKey, @Bind("form") String form);

    @SqlUpdate("DELETE FROM web_form_use WHERE session_hash = :hash AND form_key = :key AND form = :form")
    int forgetFormKey(@Bind("hash") String tokenHash, @Bind("key") String formKey, @Bind("form") String form);
}
