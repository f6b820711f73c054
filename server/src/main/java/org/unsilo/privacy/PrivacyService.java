package org.unsilo.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.Directory;
import org.unsilo.capture.EmailAddress;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.Views;
import org.unsilo.relationships.Strength;
import org.unsilo.store.AuditRow;
import org.unsilo.store.ContactDao;
import org.unsilo.store.Database;
import org.unsilo.store.PersonPartyRow;
import org.unsilo.store.PrivacyDao;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.RelationshipRow;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/**
 * Privacy operations on one person, named by an e-mail address (GDPR art. 15 and 17): export everything held about
 * them, erase it everywhere in one transaction, and keep a suppression so that the erased history does not come
 * back silently with the next capture or import of the same address (see {@link Directory#isSuppressed}).
 *
 * <p>The person is the contact that owns the address, with all its addresses and the contacts merged into it; an
 * address without a contact still has its bare party rows on messages (a blocked or automated address, say).
 * Staff are not handled here: their accounts are managed as users.
 */
public final class PrivacyService {

    /** What redacted audit entries say instead of what they recorded. */
    static final String REDACTED = "[erased on request]";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ERASE_ACTION = "person.erase";
    /** The audit action of {@link #lift}, whose target is the address's hash. */
    public static final String LIFT_ACTION = "suppression.lift";

    private final Database db;
    private final AddressParser parser;
    private final Directory directory;
    private final ContactService contacts;
    private final Strength strength;
    private final Clock clock;

    public PrivacyService(Database db, AddressParser parser, Directory directory, ContactService contacts,
                          Strength strength, Clock clock) {
        this.db = db;
        this.parser = parser;
        this.directory = directory;
        this.contacts = contacts;
        this.strength = strength;
        this.clock = clock;
    }

    /** The person behind an address: contact ids ({@code -1} alone when none) and every address they have. */
    private record Person(EmailAddress address, Long contactId, List<Long> contactIds, List<String> addresses) {
        List<String> contactIdStrings() {
            return contactIds.stream().map(String::valueOf).toList();
        }
    }

    /** Validates and normalises an address as typed by an admin; throws {@link InvalidFieldException}. */
    public EmailAddress address(String raw) {
        ParsedParty p = parser.parse(Party.of(raw == null ? "" : raw.strip(), null));
        if (!p.isValid()) {
            throw new InvalidFieldException("address", "'" + raw + "' is not an e-mail address: " + p.error());
        }
        return p.email();
    }

    /**
     * Everything held about the person. Handing it out is audit-logged like an erasure (by the hash of the address),
     * since an access request discloses personal data too.
     */
    public PersonExport export(Long actorId, String rawAddress) {
        EmailAddress a = address(rawAddress);
        long now = clock.millis();
        PersonExport export = db.read(h -> export(h, person(h, a), now));
        db.write(h -> h.attach(SupportDao.class).audit(actorId, "person.export", "person", Directory.hash(a.address()),
                null, null, now));
        return export;
    }

    /** The export and what erasure would remove, without removing anything. */
    public PersonSummary summary(String rawAddress) {
        EmailAddress a = address(rawAddress);
        long now = clock.millis();
        return db.read(h -> {
            Person person = person(h, a);
            int stripped = h.attach(PrivacyDao.class).countMessagesOnlyWith(person.contactIds(), person.addresses());
            return new PersonSummary(export(h, person, now), person.addresses(), stripped);
        });
    }

    private PersonExport export(Handle h, Person person, long now) {
        PrivacyDao dao = h.attach(PrivacyDao.class);
        Views.ContactDetail contact = person.contactId() == null ? null
                : contacts.find(person.contactId()).map(ContactService.Found::detail).orElse(null);
        List<Views.Contact> merged = contacts.byIds(person.contactIds().stream()
                .filter(id -> id > 0 && !id.equals(person.contactId())).toList());
        String address = person.address().address();
        return new PersonExport(address, Instant.ofEpochMilli(now), dao.isSuppressed(Directory.hash(address)) > 0,
                contact, merged, messages(dao.partiesOf(person.contactIds(), person.addresses())),
                relationships(h, person, now), auditOf(dao, person), importIssuesOf(dao, person));
    }

    /**
     * Erases the person everywhere in one transaction and suppresses all their addresses. The audit entry names
     * them only by the hash of the requested address. Erasing an address nothing is held about still suppresses it.
     */
    public Erasure erase(Long actorId, String rawAddress) {
        EmailAddress a = address(rawAddress);
        long now = clock.millis();
        Erasure done = db.write(h -> {
            Person p = person(h, a);
            PrivacyDao dao = h.attach(PrivacyDao.class);
            List<Long> ids = p.contactIds();
            List<String> addresses = p.addresses();
            int stripped = dao.stripMessagesOnlyWith(ids, addresses);
            dao.forgetSender(addresses);
            int parties = dao.deleteParties(ids, addresses);
            int relationships = dao.deleteRelationships(ids);
            int enrichment = dao.deleteEnrichment(ids);
            int emails = dao.deleteAddresses(ids, addresses);
            int removed = dao.deleteMergedInto(ids);
            removed += dao.deleteContacts(ids);
            int audit = 0;
            int issues = 0;
            int responses = 0;
            int suppressed = 0;
            for (String address : addresses) {
                String pattern = likePattern(address);
                audit += dao.redactAudit(p.contactIdStrings(), pattern, REDACTED);
                issues += dao.deleteImportIssues(pattern);
                responses += dao.deleteStoredResponses(pattern);
                suppressed += dao.suppress(Directory.hash(address), CaptureService.ERASED, actorId, now);
            }
            Erasure e = new Erasure(Directory.hash(a.address()), removed, emails, parties, stripped, relationships, enrichment,
                    audit, issues, responses, suppressed);
            h.attach(SupportDao.class).audit(actorId, ERASE_ACTION, "person", e.addressHash(), null, json(e), now);
            return e;
        });
        directory.invalidate();
        return done;
    }

    /** Suppressions, oldest first; with {@code rawAddress} only that address's (if it is suppressed). */
    public List<Suppression> suppressions(String rawAddress, long afterId, int limit) {
        String hash = rawAddress == null || rawAddress.isBlank() ? "" : Directory.hash(address(rawAddress).address());
        return db.read(h -> h.attach(PrivacyDao.class).suppressions(hash, afterId, limit)).stream()
                .map(s -> new Suppression(s.id(), s.addressHash(), s.reason(), s.createdBy(), Instant.ofEpochMilli(s.createdAt())))
                .toList();
    }

    public int suppressionCount() {
        return db.read(h -> h.attach(PrivacyDao.class).countSuppressions());
    }

    public boolean isSuppressed(String rawAddress) {
        String hash = Directory.hash(address(rawAddress).address());
        return db.read(h -> h.attach(PrivacyDao.class).isSuppressed(hash) > 0);
    }

    /** Lets the address be captured again; false if it was not suppressed. Audit-logged by hash. */
    public boolean lift(Long actorId, String rawAddress) {
        String hash = Directory.hash(address(rawAddress).address());
        long now = clock.millis();
        boolean lifted = db.write(h -> {
            if (h.attach(PrivacyDao.class).lift(hash) == 0) {
                return false;
            }
            h.attach(SupportDao.class).audit(actorId, LIFT_ACTION, "person", hash, null, null, now);
            return true;
        });
        directory.invalidate();
        return lifted;
    }

    private Person person(Handle h, EmailAddress a) {
        if (h.attach(UserDao.class).findByAddress(a.address()).isPresent()) {
            throw new ContactConflictException(a.address() + " belongs to a staff account; staff are managed as users,"
                    + " not as contacts");
        }
        ContactDao contactDao = h.attach(ContactDao.class);
        Set<String> addresses = new LinkedHashSet<>();
        addresses.add(a.address());
        List<Long> ids = new ArrayList<>();
        Optional<Long> contactId = contactDao.idByAddress(a.address());
        contactId.ifPresent(id -> {
            ids.add(id);
            addresses.addAll(contactDao.emailsOf(id));
            h.attach(PrivacyDao.class).mergedInto(id).forEach(m -> ids.add(m.id()));
        });
        if (ids.isEmpty()) {
            ids.add(-1L);
        }
        return new Person(a, contactId.orElse(null), List.copyOf(ids), List.copyOf(addresses));
    }

    private static List<PersonExport.Message> messages(List<PersonPartyRow> rows) {
        Map<Long, List<PersonPartyRow>> byMessage = new LinkedHashMap<>();
        rows.forEach(r -> byMessage.computeIfAbsent(r.messageId(), k -> new ArrayList<>()).add(r));
        List<PersonExport.Message> out = new ArrayList<>();
        for (List<PersonPartyRow> parties : byMessage.values()) {
            PersonPartyRow m = parties.get(0);
            out.add(new PersonExport.Message(m.messageId(), m.internetMessageId(), m.threadKey(), m.subject(), m.snippet(),
                    m.body(), Instant.ofEpochMilli(m.sentAt()), m.source(), m.privateFlag(),
                    parties.stream().map(p -> new PersonExport.Appearance(p.role(), p.address(), p.name())).toList()));
        }
        return out;
    }

    private List<PersonExport.Relationship> relationships(Handle h, Person person, long now) {
        List<PersonExport.Relationship> out = new ArrayList<>();
        RelationshipDao dao = h.attach(RelationshipDao.class);
        UserDao users = h.attach(UserDao.class);
        for (long id : person.contactIds()) {
            for (RelationshipRow r : dao.ofContact(id)) {
                UserRow u = users.findById(r.userId()).orElseThrow();
                out.add(new PersonExport.Relationship(new Views.UserRef(u.id(), u.email(), u.displayName()),
                        Instant.ofEpochMilli(r.firstAt()), Instant.ofEpochMilli(r.lastAt()), r.sentCount(),
                        r.receivedCount(), r.messageCount(), strength.strengthAt(r.score(), now)));
            }
        }
        return out;
    }

    private static List<PersonExport.Audit> auditOf(PrivacyDao dao, Person person) {
        Map<Long, PersonExport.Audit> out = new LinkedHashMap<>();
        for (String address : person.addresses()) {
            dao.auditOf(person.contactIdStrings(), likePattern(address)).forEach(a -> out.putIfAbsent(a.id(),
                    new PersonExport.Audit(a.id(), a.actorId(), a.action(), a.targetType(), a.targetId(), a.beforeJson(),
                            a.afterJson(), Instant.ofEpochMilli(a.at()))));
        }
        return List.copyOf(out.values());
    }

    private static List<PersonExport.ImportIssue> importIssuesOf(PrivacyDao dao, Person person) {
        Map<Long, PersonExport.ImportIssue> out = new LinkedHashMap<>();
        for (String address : person.addresses()) {
            dao.importIssuesOf(likePattern(address)).forEach(i -> out.putIfAbsent(i.id(),
                    new PersonExport.ImportIssue(i.jobId(), i.item(), i.reason(), Instant.ofEpochMilli(i.at()))));
        }
        return List.copyOf(out.values());
    }

    /** A LIKE pattern for "contains this address" ({@code !} escapes; addresses may hold {@code _} and {@code %}). */
    static String likePattern(String a) {
        return "%" + a.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /**
     * The newest erasure of the address with this hash, as the audit log recorded it: what the admin page shows after
     * erasing, read back so that the page can be reloaded without erasing again.
     */
    public Optional<Erasure> lastErasure(String addressHash) {
        return db.read(h -> h.attach(SupportDao.class).latestAudit(ERASE_ACTION, addressHash)).map(AuditRow::afterJson).map(after -> {
            try {
                return JSON.readValue(after, Erasure.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("audit entry of an erasure is not an erasure: " + e.getOriginalMessage(), e);
            }
        });
    }

    private static String json(Erasure e) {
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
