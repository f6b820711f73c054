package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The reads of one {@code POST /api/v1/lookup}, batched over all requested addresses, on one handle. The SQL is the
 * general DAOs' own (shared constants), run as plain JDBC ({@link PlainQuery}): the lookup runs on every opened e-mail,
 * and Jdbi's per-statement work was a large share of its CPU.
 */
public final class LookupReads {

    private final Handle handle;

    public LookupReads(Handle handle) {
        this.handle = handle;
    }

    public List<ContactEmailRow> contactIdsOf(Collection<String> addresses) {
        return PlainQuery.list(handle, PlainQuery.inList(ContactDao.CONTACT_IDS_OF, "addresses", addresses.size()),
                ContactEmailRow.class, addresses);
    }

    public List<ContactRow> contactsByIds(Collection<Long> ids) {
        return PlainQuery.list(handle, PlainQuery.inList(ContactDao.FIND_BY_IDS, "ids", ids.size()), ContactRow.class, ids);
    }

    public List<ContactEmailRow> emailsOfAll(Collection<Long> contactIds) {
        return PlainQuery.list(handle, PlainQuery.inList(ContactDao.EMAILS_OF_ALL, "ids", contactIds.size()),
                ContactEmailRow.class, contactIds);
    }

    public List<OrganizationRow> organizationsByIds(Collection<Long> ids) {
        return PlainQuery.list(handle, PlainQuery.inList(OrganizationDao.FIND_BY_IDS, "ids", ids.size()),
                OrganizationRow.class, ids);
    }

    public List<Long> organizationIdsByDomain(String domain) {
        // Only for addresses of no known contact: the rarer case, left to Jdbi.
        return handle.createQuery(OrganizationDao.IDS_BY_DOMAIN).bind("domain", domain).mapTo(Long.class).list();
    }

    public List<KnownByRow> knownBy(Collection<Long> contactIds) {
        return PlainQuery.list(handle, PlainQuery.inList(RelationshipDao.KNOWN_BY, "ids", contactIds.size()),
                KnownByRow.class, contactIds);
    }

    /** Newest conversations for a page of at most {@code limit} per contact, for every viewer ({@link RecentConversations}). */
    public java.util.Map<Long, RecentConversations.Page> recentConversations(List<Long> contactIds, int limit) {
        return RecentConversations.of(handle, contactIds, limit);
    }

    /** The newest conversations {@code viewer} may see of one contact, where its page leaves them short. */
    public List<ConversationRow> recentConversationsExactly(long contactId, long viewer, int limit) {
        return RecentConversations.exact(handle, contactId, viewer, limit);
    }
}
