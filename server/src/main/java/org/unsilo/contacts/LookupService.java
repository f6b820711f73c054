package org.unsilo.contacts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.unsilo.store.ContactRow;
import org.unsilo.store.ContactEmailRow;
import org.unsilo.store.Database;
import org.unsilo.store.KnownByRow;
import org.unsilo.store.LookupReads;

/**
 * "What do we know about these people?" — the call an add-in makes each time a message opens, so it
 * reads only indexed rows and never writes.
 */
public final class LookupService {

    private static final int KNOWN_BY_LIMIT = 5;
    private static final int RECENT_LIMIT = 5;

    private final Database db;
    private final AddressParser parser;
    private final Directory directory;
    private final OrganizationInference organizations;
    private final ViewMapper views;
    private final Clock clock;

    public LookupService(Database db, AddressParser parser, Directory directory, OrganizationInference organizations,
                         org.unsilo.relationships.Strength strength, Clock clock) {
        this.db = db;
        this.parser = parser;
        this.directory = directory;
        this.organizations = organizations;
        this.views = new ViewMapper(strength);
        this.clock = clock;
    }

    public List<Views.LookupResult> lookup(List<Party> parties, long viewerId) {
        long now = clock.millis();
        List<ParsedParty> parsed = new ArrayList<>(parties.size());
        Set<String> addresses = new LinkedHashSet<>();
        for (Party party : parties) {
            ParsedParty p = parser.parse(party);
            parsed.add(p);
            if (p.isValid()) {
                addresses.add(p.email().address());
            }
        }
        // One query per kind of row for all addresses at once, each kept prepared on the read connection (Database):
        // on SQLite the per-statement overhead costs more than the indexed reads themselves. Whether an address is
        // staff comes from the Directory snapshot, as for captures.
        return db.read(h -> {
            LookupReads reads = new LookupReads(h);
            Map<String, Long> contactIds = new HashMap<>();
            Map<Long, Views.Contact> contacts = new HashMap<>();
            Map<Long, List<Views.KnownBy>> knownBy = new HashMap<>();
            Map<Long, List<Views.Conversation>> recent = new HashMap<>();
            if (!addresses.isEmpty()) {
                for (ContactEmailRow e : reads.contactIdsOf(addresses)) {
                    contactIds.put(e.address(), e.contactId());
                }
                List<Long> ids = List.copyOf(new LinkedHashSet<>(contactIds.values()));
                if (!ids.isEmpty()) {
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
                    for (Views.Contact c : views.contacts(rows, reads.emailsOfAll(ids), orgs)) {
                        contacts.put(c.id(), c);
                    }
                    for (KnownByRow r : reads.knownBy(ids)) {
                        List<Views.KnownBy> list = knownBy.computeIfAbsent(r.contactId(), k -> new ArrayList<>());
                        if (list.size() < KNOWN_BY_LIMIT) {
                            list.add(views.knownBy(r, now));
                        }
                    }
                    reads.recentConversations(ids, viewerId, RECENT_LIMIT).forEach((id, page) ->
                            recent.put(id, page.stream().map(ViewMapper::conversation).toList()));
                }
            }
            Map<String, Optional<Views.OrganizationRef>> orgsByDomain = new HashMap<>();
            List<Views.LookupResult> results = new ArrayList<>();
            for (int i = 0; i < parties.size(); i++) {
                ParsedParty p = parsed.get(i);
                if (!p.isValid()) {
                    results.add(new Views.LookupResult(parties.get(i).original(), false, false, null, null, List.of(), List.of(),
                            p.error()));
                    continue;
                }
                EmailAddress email = p.email();
                boolean internal = directory.isInternal(email);
                Long contactId = contactIds.get(email.address());
                Views.Contact contact = contactId == null ? null : contacts.get(contactId);
                if (contact == null) {
                    Views.OrganizationRef org = organizations.organizationDomain(email.domain())
                            .flatMap(d -> orgsByDomain.computeIfAbsent(d, k -> reads.organizationIdsByDomain(k).stream().findFirst()
                                    .flatMap(id -> reads.organizationsByIds(List.of(id)).stream().findFirst())
                                    .map(ViewMapper::ref)))
                            .orElse(null);
                    results.add(new Views.LookupResult(email.address(), false, internal, null, org, List.of(), List.of(), null));
                    continue;
                }
                results.add(new Views.LookupResult(email.address(), true, internal, contact, contact.organization(),
                        knownBy.getOrDefault(contactId, List.of()), recent.getOrDefault(contactId, List.of()), null));
            }
            return results;
        });
    }
}
