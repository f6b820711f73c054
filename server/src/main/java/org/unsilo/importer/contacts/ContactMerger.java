package org.unsilo.importer.contacts;

import static org.unsilo.importer.contacts.ContactCounts.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Directory;
import org.unsilo.capture.EmailAddress;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.capture.RobotSenders;
import org.unsilo.common.NameKey;
import org.unsilo.importer.ImportCounts;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ContactRow;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.UserDao;

/**
 * Puts one address-book record into the store, inside the caller's transaction. The rules:
 * <ul>
 *   <li>an address is validated and normalised like a captured one; the same normalised address is the
 *       same contact, so a record whose address is known merges into that contact;</li>
 *   <li>a merge fills empty fields only, and never a field in the contact's {@code edited_fields} (a
 *       person typed it);</li>
 *   <li>a record's other addresses join its contact, unless one already belongs to another contact:
 *       then it stays there and the record gets an issue (merging two people is a person's decision);</li>
 *   <li>colleagues (staff addresses, company domains), blocked, automated and erased (suppressed) addresses are
 *       not contacts;</li>
 *   <li>a named card without a usable address becomes a contact without address, found again by its
 *       name on the next import; an organisation's own card without address is skipped, because
 *       organisations are known by their e-mail domain;</li>
 *   <li>the organisation comes from the first usable address's registrable domain (none for
 *       free-mail); the card's ORG/Company names it only when this import creates it.</li>
 * </ul>
 */
final class ContactMerger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    /** Where a record's issues go: the job's issue list, in the same transaction. */
    interface Issues {
        void add(Handle handle, String where, String reason);
    }

    private final AddressParser parser;
    private final Directory directory;
    private final OrganizationInference organizations;
    private final RobotSenders robots;

    ContactMerger(AddressParser parser, Directory directory, OrganizationInference organizations, RobotSenders robots) {
        this.parser = parser;
        this.directory = directory;
        this.organizations = organizations;
        this.robots = robots;
    }

    /** What one import run puts on every contact it creates. */
    record Context(long ownerId, String source, long now) {
    }

    /** The DAOs of one transaction, attached once per batch rather than once per record. */
    record Tx(Handle handle, ContactDao contacts, OrganizationDao organizations, UserDao users) {
        static Tx of(Handle h) {
            return new Tx(h, h.attach(ContactDao.class), h.attach(OrganizationDao.class), h.attach(UserDao.class));
        }
    }

    /** Applies {@code r}; counts its outcome into {@code counts} and reports its issues. */
    void apply(Tx tx, ContactRecord r, Context ctx, ImportCounts counts, Issues issues) {
        Handle h = tx.handle();
        counts.increment(RECORDS);
        if (r.isUnreadable()) {
            issues.add(h, r.label(), r.unreadable());
            counts.increment(SKIPPED_UNREADABLE);
            return;
        }
        for (ContactRecord.Problem p : r.problems()) {
            issues.add(h, r.label() + " " + p.where(), p.reason());
            counts.increment(LINES_SKIPPED);
        }

        List<EmailAddress> usable = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean notAContact = false;
        UserDao users = tx.users();
        for (ContactRecord.Value v : r.emails()) {
            String where = r.label() + " " + v.where();
            ParsedParty parsed = parse(v.value());
            if (!parsed.isValid()) {
                issues.add(h, where, "invalid address \"" + v.value() + "\": "
                        + parsed.error().replaceFirst("^invalid address: ", ""));
                counts.increment(ADDRESSES_INVALID);
                continue;
            }
            EmailAddress a = parsed.email();
            if (!seen.add(a.address())) {
                counts.increment(ADDRESSES_REPEATED);
                continue;
            }
            if (users.findByAddress(a.address()).isPresent() || directory.isInternalDomain(a.domain())) {
                issues.add(h, where, a.address() + " is a company address (a staff member or an internal domain);"
                        + " colleagues are not contacts");
                counts.increment(ADDRESSES_INTERNAL);
                notAContact = true;
            } else if (directory.isSuppressed(a)) {
                issues.add(h, where, a.address() + " was erased on request; an admin can lift the suppression");
                counts.increment(ADDRESSES_BLOCKED);
                notAContact = true;
            } else if (directory.isBlocked(a)) {
                issues.add(h, where, a.address() + " is blocked by an admin rule");
                counts.increment(ADDRESSES_BLOCKED);
                notAContact = true;
            } else if (robots.isRobot(a)) {
                issues.add(h, where, a.address() + " is an automated sender (no-reply, mailer-daemon...), not a person");
                counts.increment(ADDRESSES_AUTOMATED);
                notAContact = true;
            } else {
                usable.add(a);
            }
        }

        ContactDao contacts = tx.contacts();
        if (usable.isEmpty()) {
            if (notAContact) {
                issues.add(h, r.label(), "not imported: its only addresses are a colleague's, blocked or automated");
                counts.increment(SKIPPED_NOT_A_CONTACT);
            } else if (r.name() == null) {
                issues.add(h, r.label(), "not imported: no name and no usable e-mail address");
                counts.increment(SKIPPED_EMPTY);
            } else if (r.companyCard()) {
                issues.add(h, r.label(), "not imported: \"" + r.name() + "\" is an organisation's card without an e-mail"
                        + " address, and organisations are known by their e-mail domain");
                counts.increment(SKIPPED_COMPANY_CARD);
            } else {
                Optional<Long> same = contacts.withoutAddressByKey(NameKey.of(r.name()));
                if (same.isPresent()) {
                    fillExisting(tx, contacts.findById(same.get()).orElseThrow(), r, List.of(), ctx, counts, false);
                } else {
                    insert(tx, r, null, ctx);
                    counts.increment(CREATED);
                    counts.increment(CREATED_WITHOUT_ADDRESS);
                }
            }
            return;
        }

        // The record's contact is the one that owns its first known address (preferred addresses come first).
        Map<String, Long> owners = new LinkedHashMap<>();
        Long target = null;
        String targetAddress = null;
        for (EmailAddress a : usable) {
            Long owner = contacts.idByAddress(a.address()).orElse(null);
            owners.put(a.address(), owner);
            if (target == null && owner != null) {
                target = owner;
                targetAddress = a.address();
            }
        }
        if (target == null) {
            Long orgId = organization(tx, usable, r.organization(), ctx, counts);
            long id = insert(tx, r, orgId, ctx);
            for (EmailAddress a : usable) {
                contacts.addEmail(a.address(), id, ctx.now());
                counts.increment(ADDRESSES_ADDED);
            }
            counts.increment(CREATED);
            return;
        }
        boolean changed = false;
        for (EmailAddress a : usable) {
            Long owner = owners.get(a.address());
            if (owner == null) {
                contacts.addEmail(a.address(), target, ctx.now());
                counts.increment(ADDRESSES_ADDED);
                changed = true;
            } else if (owner.equals(target)) {
                counts.increment(ADDRESSES_KNOWN);
            } else {
                String other = contacts.findById(owner).map(ContactRow::displayName).orElse(null);
                issues.add(h, r.label() + " " + a.address(), a.address() + " already belongs to contact #" + owner
                        + (other == null ? "" : " (" + other + ")") + ", not to #" + target + " (" + targetAddress
                        + ") that this record merges into; left there: merge the two contacts if they are one person");
                counts.increment(ADDRESSES_OTHER_CONTACT);
            }
        }
        fillExisting(tx, contacts.findById(target).orElseThrow(), r, usable, ctx, counts, changed);
    }

    /** Fills what is empty and not edited; counts the contact as merged or unchanged. */
    private void fillExisting(Tx tx, ContactRow row, ContactRecord r, List<EmailAddress> usable, Context ctx,
                              ImportCounts counts, boolean alreadyChanged) {
        ContactDao contacts = tx.contacts();
        Set<String> edited = new HashSet<>(strings(row.editedFields()));
        long now = ctx.now();
        int filled = 0;
        if (r.name() != null) {
            filled += contacts.fillNameIfEmptyAndUnedited(row.id(), r.name(), now);
            keptEdited(edited, "name", row.displayName(), r.name(), counts);
        }
        if (r.title() != null) {
            filled += contacts.fillTitleIfEmptyAndUnedited(row.id(), r.title(), now);
            keptEdited(edited, "title", row.title(), r.title(), counts);
        }
        if (!r.phones().isEmpty()) {
            filled += contacts.fillPhonesIfEmptyAndUnedited(row.id(), json(r.phones()), now);
            keptEdited(edited, "phones", strings(row.phones()), r.phones(), counts);
        }
        if (row.organizationId() == null && !edited.contains("organization")) {
            Long orgId = organization(tx, usable, r.organization(), ctx, counts);
            if (orgId != null) {
                filled += contacts.fillOrganizationIfEmptyAndUnedited(row.id(), orgId, now);
            }
        }
        counts.increment(alreadyChanged || filled > 0 ? MERGED : UNCHANGED);
    }

    private static void keptEdited(Set<String> edited, String field, Object current, Object offered, ImportCounts counts) {
        if (edited.contains(field) && !String.valueOf(current).equalsIgnoreCase(String.valueOf(offered))) {
            counts.increment(FIELDS_KEPT_EDITED);
        }
    }

    private long insert(Tx tx, ContactRecord r, Long orgId, Context ctx) {
        return tx.contacts().insertImported(r.name(), orgId, r.title(), json(r.phones()), ctx.source(),
                ctx.ownerId(), ctx.now());
    }

    /**
     * The organisation of the first address with a company domain, created if needed. When this import
     * creates it, the record's organisation name names it (better than one guessed from the domain); an
     * existing organisation keeps its name, which a person may have chosen.
     */
    private Long organization(Tx tx, List<EmailAddress> usable, String orgName, Context ctx, ImportCounts counts) {
        for (EmailAddress a : usable) {
            Optional<String> domain = organizations.organizationDomain(a.domain());
            if (domain.isEmpty()) {
                continue;
            }
            OrganizationDao dao = tx.organizations();
            List<Long> ids = dao.idsByDomain(domain.get());
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            String name = orgName != null ? orgName : OrganizationInference.nameFromDomain(domain.get());
            Optional<Long> created = dao.insert(name, domain.get(), ctx.ownerId(), ctx.now());
            if (created.isPresent()) {
                counts.increment(ORGANIZATIONS_CREATED);
                return created.get();
            }
            return dao.idsByDomain(domain.get()).get(0);
        }
        return null;
    }

    /** A bare address, or a {@code Name <address>} value as some spreadsheets hold. */
    private ParsedParty parse(String value) {
        String v = value == null ? "" : value.strip();
        return parser.parse(v.contains("<") ? Party.raw(v) : Party.of(v, null));
    }

    private static List<String> strings(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
