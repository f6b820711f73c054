package org.unsilo.store;

import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What admins and staff edit about which addresses count: internal domains, block rules, personal never-capture domains. */
public interface DirectoryDao {

    @SqlQuery("SELECT domain FROM internal_domain ORDER BY domain")
    List<String> internalDomains();

    @SqlUpdate("INSERT INTO internal_domain (domain, created_by, created_at) VALUES (:domain, :actor, :at)"
            + " ON CONFLICT (domain) DO NOTHING")
    int addInternalDomain(@Bind("domain") String domain, @Bind("actor") long actorId, @Bind("at") long at);

    @SqlUpdate("DELETE FROM internal_domain WHERE domain = :domain")
    int removeInternalDomain(@Bind("domain") String domain);

    @SqlQuery("SELECT id, pattern, kind FROM block_rule ORDER BY pattern")
    List<BlockRuleRow> blockRules();

    @SqlUpdate("INSERT INTO block_rule (pattern, kind, created_by, created_at) VALUES (:pattern, :kind, :actor, :at)"
            + " ON CONFLICT (pattern) DO NOTHING")
    int addBlockRule(@Bind("pattern") String pattern, @Bind("kind") String kind, @Bind("actor") long actorId, @Bind("at") long at);

    @SqlUpdate("DELETE FROM block_rule WHERE id = :id")
    int removeBlockRule(@Bind("id") long id);

    @SqlQuery("SELECT domain FROM user_private_domain WHERE user_id = :userId ORDER BY domain")
    List<String> privateDomains(@Bind("userId") long userId);

    @SqlQuery("SELECT user_id, domain FROM user_private_domain")
    List<UserDomainRow> allPrivateDomains();

    @SqlUpdate("INSERT INTO user_private_domain (user_id, domain, created_at) VALUES (:userId, :domain, :at)"
            + " ON CONFLICT (user_id, domain) DO NOTHING")
    int addPrivateDomain(@Bind("userId") long userId, @Bind("domain") String domain, @Bind("at") long at);

    @SqlUpdate("DELETE FROM user_private_domain WHERE user_id = :userId AND domain = :domain")
    int removePrivateDomain(@Bind("userId") long userId, @Bind("domain") String domain);
}
