package org.unsilo.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Links between outside sign-in identities and staff accounts. */
public interface IdentityDao {

    @SqlQuery("SELECT user_id FROM user_identity WHERE provider = :provider AND subject = :subject")
    Optional<Long> userOf(@Bind("provider") String provider, @Bind("subject") String subject);

    @SqlUpdate("INSERT INTO user_identity (provider, subject, user_id, email, created_at, last_seen_at)"
            + " VALUES (:provider, :subject, :userId, :email, :at, :at)"
            + " ON CONFLICT (provider, subject) DO NOTHING")
    int link(@Bind("provider") String provider, @Bind("subject") String subject, @Bind("userId") long userId,
            @Bind("email") String email, @Bind("at") long at);

    @SqlUpdate("UPDATE user_identity SET last_seen_at = :at, email = :email WHERE provider = :provider AND subject = :subject")
    int seen(@Bind("provider") String provider, @Bind("subject") String subject, @Bind("email") String email,
            @Bind("at") long at);
}
