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
    /** Conversations a lookup shows per contact (the bench's lookup floor reads as many). */
    public static final int RECENT_LIMIT = 5;
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
        Answers answers = new Answers(viewerId, cache.stamp());
        List<Object> checked = new ArrayList<>(parties.size());
        for (Party party : parties) {
            // An address as typed is kept with what was found for it, checked and all; one read as a header value
            // ("Name" <address>) is kept under the address it names.
            LookupCache.Known k = party.raw() == null && party.address() != null ? cache.known(party.address()) : null;
            if (k != null) {
                answers.ask(k.email(), party.address(), k);
                checked.add(k.email());
                continue;
            }
            ParsedParty p = parser.parse(party);
            if (p.isValid()) {
                String key = party.raw() == null ? party.address() : p.email().address();
                answers.ask(p.email(), key, party.raw() == null ? null : cache.known(key));
            }
            checked.add(p.isValid() ? p.email() : p);
        }
        answers.fromCache();
        if (answers.needsDatabase()) {
            // One query per kind of row for all missing addresses at once, each kept prepared on the read connection
            // (Database): on SQLite the per-statement overhead costs more than the indexed reads themselves.
            db.read(h -> {
                answers.fromDatabase(new LookupReads(h));
                return null;
            });
            answers.keep();
        }
        List<Views.LookupResult> results = new ArrayList<>(parties.size());
        for (int i = 0; i < parties.size(); i++) {
            if (checked.get(i) instanceof ParsedParty invalid) {
                results.add(new Views.LookupResult(parties.get(i).original(), false, false, null, null, List.of(),
                        List.of(), invalid.error(), null));
            } else {
                results.add(answers.result((EmailAddress) checked.get(i), now));
            }
        }
        return results;
    }

    /** An address a lookup asks for: as checked, the key it is kept under, and what was kept there (null: nothing). */
    private record Asked(EmailAddress email, String key, LookupCache.Known kept) {
    }

    /** One lookup's answers per address, taken from the cache where fresh and read for the rest. */
    private final class Answers {
        private final long viewerId;
        private final long readAt;
        /** The request's valid addresses, each once, by address. */
        private final Map<String, Asked> asked = new LinkedHashMap<>();
        private final Map<String, Long> contactIds = new HashMap<>();
        private final List<EmailAddress> unresolved = new ArrayList<>();
        /** Contacts whose card is missing or stale, in the order first asked for. */
        private final Set<Long> unread = new LinkedHashSet<>();
        private final Map<Long, LookupCache.Card> cards = new HashMap<>();
        /** Recent conversations as this viewer may see them, where their cards' rows left the page short. */
        private final Map<Long, List<Views.Conversation>> exactRecent = new HashMap<>();
        /** Organisations of addresses that belong to no contact, by their organisation domain. */
        private final Map<String, Optional<Views.OrganizationRef>> orgsByDomain = new HashMap<>();
        private final Set<String> unknownDomains = new LinkedHashSet<>();

        Answers(long viewerId, long readAt) {
            this.viewerId = viewerId;
            this.readAt = readAt;
        }

        /** {@code email} is asked for; kept under {@code key}, where {@code k} was found (may be null). */
        void ask(EmailAddress email, String key, LookupCache.Known k) {
            asked.putIfAbsent(email.address(), new Asked(email, key, k));
        }

        void fromCache() {
            for (Asked a : asked.values()) {
                EmailAddress email = a.email();
                LookupCache.Known k = a.kept();
                if (k == null || !cache.ownerFresh(k)) {
                    unresolved.add(email);
                    continue;
                }
                if (k.contactId() == null) {
                    unknown(email);
                    continue;
                }
                contactIds.put(email.address(), k.contactId());
                LookupCache.Card card = cache.freshCard(k);
                if (card != null) {
                    cards.putIfAbsent(k.contactId(), card);
                }
            }
            contactIds.values().forEach(this::want);
        }

        private void want(long contactId) {
            if (!cards.containsKey(contactId)) {
                unread.add(contactId);
            }
        }

        /** Keeps what was read for each address, where it differs from what was kept. */
        void keep() {
            for (Asked a : asked.values()) {
                Long id = contactIds.get(a.email().address());
                LookupCache.Card card = id == null ? null : cards.get(id);
                LookupCache.Known was = a.kept();
                // The owner as kept, unless it was stale and read again now.
                long ownerReadAt = was == null || unresolved.contains(a.email()) ? readAt : was.readAt();
                if (was == null || was.readAt() != ownerReadAt || was.card() != card) {
                    cache.put(a.key(), new LookupCache.Known(a.email(), ownerReadAt, id, card));
                }
            }
        }

        private void unknown(EmailAddress email) {
            organizations.organizationDomain(email.domain()).ifPresent(unknownDomains::add);
        }

        boolean needsDatabase() {
            return !unresolved.isEmpty() || !unread.isEmpty() || !unknownDomains.isEmpty() || !recentToRead().isEmpty();
        }

        /** Cards whose rows leave this viewer's page of conversations short. */
        private List<LookupCache.Card> recentToRead() {
            return cards.values().stream().filter(c -> c.recent().to(viewerId) == null).toList();
        }

        void fromDatabase(LookupReads reads) {
            if (!unresolved.isEmpty()) {
                Map<String, Long> found = new HashMap<>();
                for (ContactEmailRow e : reads.contactIdsOf(unresolved.stream().map(EmailAddress::address).toList())) {
                    found.put(e.address(), e.contactId());
                }
                for (EmailAddress email : unresolved) {
                    Long id = found.get(email.address());
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
                        unknown(asked.get(address).email());
                    }
                });
            }
            for (LookupCache.Card card : recentToRead()) {
                long id = card.contact().id();
                List<Views.Conversation> exact = reads.recentConversationsExactly(id, viewerId, RECENT_LIMIT).stream()
                        .map(ViewMapper::conversation).toList();
                exactRecent.put(id, card.recent().remember(viewerId, exact));
            }
            for (String domain : unknownDomains) {
                orgsByDomain.put(domain, reads.organizationIdsByDomain(domain).stream().findFirst()
                        .flatMap(id -> reads.organizationsByIds(List.of(id)).stream().findFirst())
                        .map(ViewMapper::ref));
            }
        }

        private void readCards(LookupReads reads, List<Long> ids) {
            cache.read(ids.size());
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
            Map<Long, RecentConversations.Page> pages = reads.recentConversations(ids, RECENT_LIMIT);
            for (Views.Contact c : views.contacts(rows, reads.emailsOfAll(ids), orgs)) {
                LookupCache.Card card = new LookupCache.Card(readAt, c, new ShownKnownBy(knownBy.getOrDefault(c.id(), List.of())),
                        new ShownRecent(pages.get(c.id())), cache.enabled() ? new AnswerMemo() : null);
                cards.put(c.id(), card);
            }
        }

        Views.LookupResult result(EmailAddress email, long now) {
            boolean internal = directory.isInternal(email);
            Long contactId = contactIds.get(email.address());
            LookupCache.Card card = contactId == null ? null : cards.get(contactId);
            if (card == null) {
                Views.OrganizationRef org = organizations.organizationDomain(email.domain())
                        .flatMap(d -> orgsByDomain.getOrDefault(d, Optional.empty()))
                        .orElse(null);
                return new Views.LookupResult(email.address(), false, internal, null, org, List.of(), List.of(), null, null);
            }
            Views.Contact contact = card.contact();
            List<Views.KnownBy> knownBy = card.knownBy().at(now, strength);
            List<Views.Conversation> conversations = card.recent().to(viewerId);
            if (conversations == null) {
                conversations = exactRecent.get(contactId);
            }
            return new Views.LookupResult(email.address(), true, internal, contact, contact.organization(), knownBy,
                    conversations, null, card.memo());
        }
    }
}
