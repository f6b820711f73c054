package org.unsilo.contacts;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Directory;
import org.unsilo.capture.EmailAddress;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.relationships.Strength;
import org.unsilo.store.ContactEmailRow;
import org.unsilo.store.ContactRow;
import org.unsilo.store.Database;
import org.unsilo.store.KnownByRow;
import org.unsilo.store.LookupReads;
import org.unsilo.store.RecentConversations;

/**
 * "What do we know about these people?" — the call an add-in makes each time a message opens, so it answers from
 * memory what it can ({@link LookupCache}), reads only indexed rows for the rest, and never writes.
 */
public final class LookupService {

    private static final int KNOWN_BY_LIMIT = 5;
    private static final int RECENT_LIMIT = 5;
    /**
     * The longest an answer is kept: a write of another process to the same file is noticed at this server's next
     * write (Database), and at the latest once the answers read before it have gone.
     */
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final Database db;
    private final AddressParser parser;
    private final Directory directory;
    private final OrganizationInference organizations;
    private final ViewMapper views;
    private final Strength strength;
    private final LookupCache cache;
    private final Clock clock;

    /**
     * {@code cacheBytes}: how much heap kept answers may take; 0 keeps none. Only a server that makes every write to
     * its database (SQLite) can tell when a kept answer went stale, so on PostgreSQL, where several servers write, it
     * is ignored.
     */
    public LookupService(Database db, AddressParser parser, Directory directory, OrganizationInference organizations,
                         Strength strength, long cacheBytes, Clock clock) {
        this.db = db;
        this.parser = parser;
        this.directory = directory;
        this.organizations = organizations;
        this.views = new ViewMapper(strength);
        this.strength = strength;
        this.cache = new LookupCache(db.stamps(), db.dialect().singleWriter() ? cacheBytes : 0, MAX_AGE);
        this.clock = clock;
    }

    /**
     * Whether answers are kept between lookups: then each answer's contact, organisation, staff and conversations are
     * the same instances for as long as they are current.
     */
    public boolean keepsAnswers() {
        return cache.enabled();
    }

    /** Contacts of lookups answered from memory so far. */
    public long cardsCached() {
        return cache.cardsCached();
    }

    /** Contacts of lookups read from the database so far. */
    public long cardsRead() {
        return cache.cardsRead();
    }

    public List<Views.LookupResult> lookup(List<Party> parties, long viewerId) {
        long now = clock.millis();
        List<ParsedParty> parsed = new ArrayList<>(parties.size());
        Map<String, EmailAddress> addresses = new LinkedHashMap<>();
        for (Party party : parties) {
            ParsedParty p = parser.parse(party);
            parsed.add(p);
            if (p.isValid()) {
                addresses.putIfAbsent(p.email().address(), p.email());
            }
        }
        Answers answers = new Answers(viewerId, cache.stamp(), addresses);
        answers.fromCache();
        if (answers.needsDatabase()) {
            // One query per kind of row for all missing addresses at once, each kept prepared on the read connection
            // (Database): on SQLite the per-statement overhead costs more than the indexed reads themselves.
            db.read(h -> {
                answers.fromDatabase(new LookupReads(h));
                return null;
            });
        }
        List<Views.LookupResult> results = new ArrayList<>(parties.size());
        for (int i = 0; i < parties.size(); i++) {
            ParsedParty p = parsed.get(i);
            if (!p.isValid()) {
                results.add(new Views.LookupResult(parties.get(i).original(), false, false, null, null, List.of(), List.of(),
                        p.error()));
                continue;
            }
            results.add(answers.result(p.email(), now));
        }
        return results;
    }

    /** One lookup's answers per address, taken from the cache where fresh and read for the rest. */
    private final class Answers {
        private final long viewerId;
        private final long readAt;
        /** The request's valid addresses, each once. */
        private final Map<String, EmailAddress> addresses;
        private final Map<String, Long> contactIds = new HashMap<>();
        private final List<EmailAddress> unresolved = new ArrayList<>();
        /** Contacts whose card is missing or stale, in the order first asked for. */
        private final Set<Long> unread = new LinkedHashSet<>();
        private final Map<Long, LookupCache.Card> cards = new HashMap<>();
        /** Recent conversations as this viewer may see them, for cards that keep none (see LookupCache). */
        private final Map<Long, List<Views.Conversation>> recent = new HashMap<>();
        /** Organisations of addresses that belong to no contact, by their organisation domain. */
        private final Map<String, Optional<Views.OrganizationRef>> orgsByDomain = new HashMap<>();
        private final Set<String> unknownDomains = new LinkedHashSet<>();

        Answers(long viewerId, long readAt, Map<String, EmailAddress> addresses) {
            this.viewerId = viewerId;
            this.readAt = readAt;
            this.addresses = addresses;
        }

        void fromCache() {
            for (EmailAddress email : addresses.values()) {
                LookupCache.Owner owner = cache.owner(email.address());
                if (owner == null) {
                    unresolved.add(email);
                } else if (owner.contactId() != null) {
                    contactIds.put(email.address(), owner.contactId());
                    want(owner.contactId());
                } else {
                    unknown(email);
                }
            }
        }

        private void want(long contactId) {
            if (cards.containsKey(contactId) || unread.contains(contactId)) {
                return;
            }
            LookupCache.Card card = cache.card(contactId);
            if (card == null) {
                unread.add(contactId);
                return;
            }
            cards.put(contactId, card);
            if (card.recent() == null) {
                List<Views.Conversation> mine = cache.recent(contactId, viewerId);
                if (mine != null) {
                    recent.put(contactId, mine);
                }
            }
        }

        private void unknown(EmailAddress email) {
            organizations.organizationDomain(email.domain()).ifPresent(unknownDomains::add);
        }

        boolean needsDatabase() {
            return !unresolved.isEmpty() || !unread.isEmpty() || !unknownDomains.isEmpty() || !recentToRead().isEmpty();
        }

        /** Contacts whose card keeps no conversations (they differ by viewer) and this viewer's are not at hand. */
        private List<Long> recentToRead() {
            return cards.values().stream().filter(c -> c.recent() == null).map(c -> c.contact().id())
                    .filter(id -> !recent.containsKey(id)).toList();
        }

        void fromDatabase(LookupReads reads) {
            if (!unresolved.isEmpty()) {
                Map<String, Long> found = new HashMap<>();
                for (ContactEmailRow e : reads.contactIdsOf(unresolved.stream().map(EmailAddress::address).toList())) {
                    found.put(e.address(), e.contactId());
                }
                for (EmailAddress email : unresolved) {
                    Long id = found.get(email.address());
                    cache.putOwner(email.address(), id, readAt);
                    if (id == null) {
                        unknown(email);
                    } else {
                        contactIds.put(email.address(), id);
                        want(id);
                    }
                }
            }
            if (!unread.isEmpty()) {
                readCards(reads, List.copyOf(unread));
                // A contact merged away or deleted since its address was read: the address is shown as unknown, with
                // the organisation of its domain like any other.
                contactIds.forEach((address, id) -> {
                    if (!cards.containsKey(id)) {
                        unknown(addresses.get(address));
                    }
                });
            }
            List<Long> viewerDependent = recentToRead();
            if (!viewerDependent.isEmpty()) {
                reads.recentConversations(viewerDependent, viewerId, RECENT_LIMIT).forEach((id, page) -> {
                    List<Views.Conversation> conversations = conversations(page);
                    cache.putRecent(id, viewerId, conversations, readAt);
                    recent.put(id, conversations);
                });
            }
            for (String domain : unknownDomains) {
                orgsByDomain.put(domain, reads.organizationIdsByDomain(domain).stream().findFirst()
                        .flatMap(id -> reads.organizationsByIds(List.of(id)).stream().findFirst())
                        .map(ViewMapper::ref));
            }
        }

        private void readCards(LookupReads reads, List<Long> ids) {
            List<ContactRow> rows = reads.contactsByIds(ids);
            Set<Long> orgIds = new LinkedHashSet<>();
            rows.forEach(r -> {
                if (r.organizationId() != null) {
                    orgIds.add(r.organizationId());
                }
            });
            Map<Long, Views.OrganizationRef> orgs = new HashMap<>();
            if (!orgIds.isEmpty()) {
                reads.organizationsByIds(orgIds).forEach(o -> orgs.put(o.id(), ViewMapper.ref(o)));
            }
            Map<Long, List<KnownByRow>> knownBy = new HashMap<>();
            for (KnownByRow r : reads.knownBy(ids)) {
                List<KnownByRow> list = knownBy.computeIfAbsent(r.contactId(), k -> new ArrayList<>());
                if (list.size() < KNOWN_BY_LIMIT) {
                    list.add(r);
                }
            }
            Map<Long, RecentConversations.Page> pages = reads.recentConversations(ids, viewerId, RECENT_LIMIT);
            for (Views.Contact c : views.contacts(rows, reads.emailsOfAll(ids), orgs)) {
                RecentConversations.Page page = pages.get(c.id());
                List<Views.Conversation> conversations = conversations(page);
                LookupCache.Card card = new LookupCache.Card(readAt, c, new ShownKnownBy(knownBy.getOrDefault(c.id(), List.of())),
                        page.sameForEveryone() ? conversations : null);
                cache.putCard(card);
                if (!page.sameForEveryone()) {
                    cache.putRecent(c.id(), viewerId, conversations, readAt);
                }
                cards.put(c.id(), card);
                recent.put(c.id(), conversations);
            }
        }

        private static List<Views.Conversation> conversations(RecentConversations.Page page) {
            return page.rows().stream().map(ViewMapper::conversation).toList();
        }

        Views.LookupResult result(EmailAddress email, long now) {
            boolean internal = directory.isInternal(email);
            Long contactId = contactIds.get(email.address());
            LookupCache.Card card = contactId == null ? null : cards.get(contactId);
            if (card == null) {
                Views.OrganizationRef org = organizations.organizationDomain(email.domain())
                        .flatMap(d -> orgsByDomain.getOrDefault(d, Optional.empty()))
                        .orElse(null);
                return new Views.LookupResult(email.address(), false, internal, null, org, List.of(), List.of(), null);
            }
            Views.Contact contact = card.contact();
            List<Views.KnownBy> knownBy = card.knownBy().at(now, strength);
            List<Views.Conversation> conversations = card.recent() != null ? card.recent()
                    : recent.getOrDefault(contactId, List.of());
            return new Views.LookupResult(email.address(), true, internal, contact, contact.organization(), knownBy,
                    conversations, null);
        }
    }
}
