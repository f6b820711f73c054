package org.unsilo.contacts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Directory;
import org.unsilo.capture.EmailAddress;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.store.ContactDao;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.UserDao;

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
        return db.read(h -> {
            List<Views.LookupResult> results = new ArrayList<>();
            for (Party party : parties) {
                ParsedParty parsed = parser.parse(party);
                if (!parsed.isValid()) {
                    results.add(new Views.LookupResult(party.original(), false, false, null, null, List.of(), List.of(),
                            parsed.error()));
                    continue;
                }
                EmailAddress email = parsed.email();
                boolean internal = h.attach(UserDao.class).findByAddress(email.address()).isPresent()
                        || directory.isInternalDomain(email.domain());
                Optional<Long> contactId = h.attach(ContactDao.class).idByAddress(email.address());
                if (contactId.isEmpty()) {
                    OrganizationDao orgDao = h.attach(OrganizationDao.class);
                    Views.OrganizationRef org = organizations.organizationDomain(email.domain())
                            .flatMap(d -> orgDao.idsByDomain(d).stream().findFirst())
                            .flatMap(orgDao::findById)
                            .map(ViewMapper::ref).orElse(null);
                    results.add(new Views.LookupResult(email.address(), false, internal, null, org, List.of(), List.of(), null));
                    continue;
                }
                long id = contactId.get();
                Views.Contact contact = views.contacts(h, h.attach(ContactDao.class).findByIds(List.of(id))).get(0);
                List<Views.KnownBy> knownBy = h.attach(RelationshipDao.class).knownBy(List.of(id)).stream()
                        .limit(KNOWN_BY_LIMIT).map(r -> views.knownBy(r, now)).toList();
                List<Views.Conversation> recent = h.attach(MessageDao.class)
                        .timelineOfContact(id, viewerId, 0, 0, RECENT_LIMIT).stream()
                        .map(ViewMapper::conversation).toList();
                results.add(new Views.LookupResult(email.address(), true, internal, contact, contact.organization(),
                        knownBy, recent, null));
            }
            return results;
        });
    }
}
