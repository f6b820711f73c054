package org.unsilo.store;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
public interface UserDao {

    String COLUMNS = "id, email, display_name, role, status, created_at, departed_at";

    /**
     * The users a list's {@code Search} finds: whose name's key matches {@code :names} or one of whose addresses (the
     * main one is among them) matches {@code :q}, or every user for {@code :q = ''}.
     */
    String MATCHES = "(:q = '' OR sort_name LIKE :names ESCAPE '!'"
            + " OR id IN (SELECT user_id FROM user_email WHERE address LIKE :q ESCAPE '!'))";

    @SqlQuery("INSERT INTO app_user (email, display_name, sort_name, role, created_at) VALUES (:email, :name, :sortName,"
            + " :role, :at) RETURNING id")
    long insert(@Bind("email") String email, @BindName String name, @Bind("role") String role, @Bind("at") long at);

    @SqlUpdate("INSERT INTO user_email (address, user_id, created_at) VALUES (:address, :userId, :at) ON CONFLICT (address) DO NOTHING")
    int addEmail(@Bind("address") String address, @Bind("userId") long userId, @Bind("at") long at);

    @SqlQuery("SELECT " + COLUMNS + " FROM app_user WHERE id = :id")
    Optional<UserRow> findById(@Bind("id") long id);

    @SqlQuery("SELECT u.id, u.email, u.display_name, u.role, u.status, u.created_at, u.departed_at"
            + " FROM app_user u JOIN user_email e ON e.user_id = u.id WHERE e.address = :address")
    Optional<UserRow> findByAddress(@Bind("address") String address);

    @SqlQuery("SELECT address FROM user_email WHERE user_id = :userId ORDER BY address")
    List<String> emailsOf(@Bind("userId") long userId);

    @SqlQuery("SELECT " + COLUMNS + " FROM app_user WHERE id > :after ORDER BY id LIMIT :limit")
    List<UserRow> list(@Bind("after") long after, @Bind("limit") int limit);

    @SqlQuery("SELECT address, user_id FROM user_email")
    List<UserEmailRow> allAddresses();

    @SqlQuery("SELECT COUNT(*) FROM app_user")
    long count();

    @SqlUpdate("UPDATE app_user SET role = :role WHERE id = :id")
    int setRole(@Bind("id") long id, @Bind("role") String role);

    @SqlUpdate("UPDATE app_user SET status = :status, departed_at = :departedAt WHERE id = :id")
    int setStatus(@Bind("id") long id, @Bind("status") String status, @Bind("departedAt") Long departedAt);

    @SqlQuery("SELECT password_hash FROM app_user WHERE id = :id AND password_hash IS NOT NULL")
    Optional<String> passwordHash(@Bind("id") long id);

    @SqlUpdate("UPDATE app_user SET password_hash = :hash WHERE id = :id")
    int setPasswordHash(@Bind("id") long id, @Bind("hash") String hash);

    @SqlQuery("SELECT " + COLUMNS + " FROM app_user ORDER BY id")
    List<UserRow> all();

    /**
     * A page of the users {@link #MATCHES} finds, by their name's key, then id. By offset: the admin's list pages
     * forward and back through a few thousand rows at most.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM app_user WHERE " + MATCHES
            + " ORDER BY sort_name, id LIMIT :limit OFFSET :offset")
    List<UserRow> search(@Bind("q") String addressPattern, @Bind("names") String namePattern, @Bind("offset") long offset,
                         @Bind("limit") int limit);

    @SqlQuery("SELECT COUNT(*) FROM app_user WHERE " + MATCHES)
    long countMatching(@Bind("q") String addressPattern, @Bind("names") String namePattern);
}
