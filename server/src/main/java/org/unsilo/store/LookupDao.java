package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The reads of one {@code POST /api/v1/lookup}, in one small SqlObject: Jdbi builds a handler for every method of an
 * interface each time it is attached, so attaching the five general DAOs cost more than the lookup's queries. The
 * SQL is the general DAOs' own (shared constants), batched over all requested addresses.
 */
public interface LookupDao {

    @SqlQuery(UserDao.ADDRESSES_IN)
    List<String> staffAddressesIn(@BindList("addresses") Collection<String> addresses);

    @SqlQuery(ContactDao.CONTACT_IDS_OF)
    List<ContactEmailRow> contactIdsOf(@BindList("addresses") Collection<String> addresses);

    @SqlQuery(ContactDao.FIND_BY_IDS)
    List<ContactRow> contactsByIds(@BindList("ids") Collection<Long> ids);

    @SqlQuery(ContactDao.EMAILS_OF_ALL)
    List<ContactEmailRow> emailsOfAll(@BindList("ids") Collection<Long> contactIds);

    @SqlQuery(OrganizationDao.FIND_BY_IDS)
    List<OrganizationRow> organizationsByIds(@BindList("ids") Collection<Long> ids);

    @SqlQuery(OrganizationDao.IDS_BY_DOMAIN)
    List<Long> organizationIdsByDomain(@Bind("domain") String domain);

    @SqlQuery(RelationshipDao.KNOWN_BY)
    List<KnownByRow> knownBy(@BindList("ids") Collection<Long> contactIds);
}
