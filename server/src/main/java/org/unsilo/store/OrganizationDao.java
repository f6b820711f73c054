package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
public interface OrganizationDao {

    String COLUMNS = "id, name, domain, created_by, created_at, updated_at";

    String IDS_BY_DOMAIN = "SELECT id FROM organization WHERE domain = :domain"
            + " UNION ALL SELECT organization_id FROM org_domain WHERE domain = :domain";
    String FIND_BY_IDS = "SELECT " + COLUMNS + " FROM organization WHERE id IN (<ids>)";

    @SqlQuery(IDS_BY_DOMAIN)
    List<Long> idsByDomain(@Bind("domain") String domain);

    String INSERT = "INSERT INTO organization (name, sort_name, domain, created_by, created_at, updated_at)"
            + " VALUES (:name, :sortName, :domain, :createdBy, :at, :at) ON CONFLICT (domain) DO NOTHING RETURNING id";

    @SqlQuery(INSERT)
    Optional<Long> insert(@BindName String name, @Bind("domain") String domain,
                          @Bind("createdBy") Long createdBy, @Bind("at") long at);

    @SqlQuery("SELECT " + COLUMNS + " FROM organization WHERE id = :id")
    Optional<OrganizationRow> findById(@Bind("id") long id);

    @SqlQuery(FIND_BY_IDS)
    List<OrganizationRow> findByIds(@BindList("ids") Collection<Long> ids);

    /**
     * Organisations whose name's key matches {@code :names} or whose domain matches {@code :q} (all for ''), by the
     * name's key, then id, after the position ({@code afterKey}, {@code afterId}): a range on organization_sort_name.
     */
    @SqlQuery("SELECT " + COLUMNS + " FROM organization WHERE sort_name >= :afterKey AND (sort_name > :afterKey OR id > :afterId)"
            + " AND (:q = '' OR sort_name LIKE :names ESCAPE '!' OR domain LIKE :q ESCAPE '!') ORDER BY sort_name, id LIMIT :limit")
    List<OrganizationRow> list(@Bind("q") String addressPattern, @Bind("names") String namePattern,
                               @Bind("afterKey") String afterKey, @Bind("afterId") long afterId, @Bind("limit") int limit);

    @SqlQuery("SELECT domain FROM org_domain WHERE organization_id = :id ORDER BY domain")
    List<String> extraDomains(@Bind("id") long id);

    @SqlUpdate("INSERT INTO org_domain (domain, organization_id) VALUES (:domain, :id) ON CONFLICT (domain) DO NOTHING")
    int addDomain(@Bind("id") long id, @Bind("domain") String domain);

    @SqlUpdate("UPDATE organization SET name = :name, sort_name = :sortName, updated_at = :at WHERE id = :id")
    int rename(@Bind("id") long id, @BindName String name, @Bind("at") long at);

    @SqlQuery("SELECT COUNT(*) FROM organization")
    long count();

    /**
     * Organisations matching a search, ranked by the summed strength of everyone's relationships with their people
     * ({@code :sort} 'strength'), by the last contact ('recent'), or by name; for the web view's list.
     */
    @SqlQuery("SELECT o.id, o.name, o.domain, COALESCE(SUM(r.score), 0) AS score, COALESCE(MAX(r.last_at), 0) AS last_at,"
            + " COUNT(DISTINCT c.id) AS contacts"
            + " FROM organization o LEFT JOIN contact c ON c.organization_id = o.id AND c.merged_into IS NULL"
            + " LEFT JOIN relationship r ON r.contact_id = c.id"
            + " WHERE (:q = '' OR o.sort_name LIKE :names ESCAPE '!' OR o.domain LIKE :q ESCAPE '!')"
            + " GROUP BY o.id, o.name, o.domain, o.sort_name"
            + " ORDER BY CASE WHEN :sort = 'strength' THEN COALESCE(SUM(r.score), 0) WHEN :sort = 'recent' THEN COALESCE(MAX(r.last_at), 0)"
            + " ELSE 0 END DESC, o.sort_name, o.id LIMIT :limit")
    List<RankedOrganizationRow> ranked(@Bind("q") String addressPattern, @Bind("names") String namePattern,
                                       @Bind("sort") String sort, @Bind("limit") int limit);
}
