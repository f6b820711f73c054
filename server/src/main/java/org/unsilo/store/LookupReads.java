package org.unsilo.store;

import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The reads of one {@code POST /api/v1/lookup}, batched over all requested addresses, on one handle. The SQL is the
 * general DAOs' own (shared constants). Plain queries rather than a SqlObject: Jdbi builds a handler for every method
 * of an interface each time it is attached, which was a noticeable share of a lookup's CPU on its own.
 */
public final class LookupReads {

    private final Handle handle;

    public LookupReads(Handle handle) {
        this.handle = handle;
    }

    public List<ContactEmailRow> contactIdsOf(Collection<String> addresses) {
        return handle.createQuery(ContactDao.CONTACT_IDS_OF).bindList("addresses", addresses)
                .mapTo(ContactEmailRow.class).list();
    }

    public List<ContactRow> contactsByIds(Collection<Long> ids) {
        return handle.createQuery(ContactDao.FIND_BY_IDS).bindList("ids", ids).mapTo(ContactRow.class).list();
    }

    public List<ContactEmailRow> emailsOfAll(Collection<Long> contactIds) {
        return handle.createQuery(ContactDao.EMAILS_OF_ALL).bindList("ids", contactIds).mapTo(ContactEmailRow.class).list();
    }

    public List<OrganizationRow> organizationsByIds(Collection<Long> ids) {
        return handle.createQuery(OrganizationDao.FIND_BY_IDS).bindList("ids", ids).mapTo(OrganizationRow.class).list();
    }

    public List<Long> organizationIdsByDomain(String domain) {
        return handle.createQuery(OrganizationDao.IDS_BY_DOMAIN).bind("domain", domain).mapTo(Long.class).list();
    }

    public List<KnownByRow> knownBy(Collection<Long> contactIds) {
        return handle.createQuery(RelationshipDao.KNOWN_BY).bindList("ids", contactIds).mapTo(KnownByRow.class).list();
    }

    /** Newest conversations the viewer may see, at most {@code limit} per contact (see {@link RecentConversations}). */
    public java.util.Map<Long, List<ConversationRow>> recentConversations(List<Long> contactIds, long viewer, int limit) {
        return RecentConversations.of(handle, contactIds, viewer, limit);
    }
}
