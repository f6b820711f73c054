package org.unsilo.contacts;

import org.unsilo.common.Change;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.NameKey;
import org.unsilo.common.Search;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Directory;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.relationships.RelationshipUpdater;
import org.unsilo.relationships.Strength;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ContactMergeDao;
import org.unsilo.store.ContactRow;
import org.unsilo.store.ConversationRow;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.SupportDao;

/** Contacts as people edit them: create, change, delete, search, timeline, and merge with history kept. */
public final class ContactService {

    private final Database db;
    private final AddressParser parser;
    private final Directory directory;
    private final ViewMapper views;
    private final RelationshipUpdater relationships;
    private final Clock clock;

    public ContactService(Database db, AddressParser parser, Directory directory, Strength strength,
                          RelationshipUpdater relationships, Clock clock) {
        this.db = db;
        this.relationships = relationships;
        this.parser = parser;
        this.directory = directory;
        this.views = new ViewMapper(strength);
        this.clock = clock;
    }

    /**
     * Fields a person sets; null means "leave as it is", and an empty title or phone list clears it. The organisation
     * has no empty value: {@code Change.to(null)} takes the contact out of its organisation.
     */
    public record Edit(String name, String title, Change<Long> organizationId, List<String> phones, List<String> addEmails) {
        public Edit {
            Objects.requireNonNull(organizationId, "organizationId: Change.keep() leaves it as it is");
        }

        /**
         * Refuses an edit that {@link FieldRules} does not allow, whichever way it came, of a contact that holds
         * {@code stored}: what it holds already is sent back as it is, not changed.
         */
        private void check(FieldRules.Stored stored) {
            FieldRules.name(name, stored, FieldRules.REFUSE);
            FieldRules.title(title, stored, FieldRules.REFUSE);
            FieldRules.phones(phones, stored, FieldRules.REFUSE);
        }
    }

    /**
     * A contact and where its signature-enriched values came from, or where it went when it was merged
     * into another ({@code contact} null then).
     */
    public record Found(Views.Contact contact, List<Views.Enrichment> enrichment, Long mergedInto) {

        /** The contact as its detail page and {@code GET /api/v1/contacts/{id}} show it. */
        public Views.ContactDetail detail() {
            return Views.ContactDetail.of(contact, enrichment);
        }
    }

    public Optional<Found> find(long id) {
        return db.read(h -> h.attach(ContactDao.class).findById(id).map(row -> row.mergedInto() != null
                ? new Found(null, List.of(), finalTarget(h.attach(ContactDao.class), row))
                : new Found(views.contacts(h, List.of(row)).get(0), views.enrichment(h, row.id()), null)));
    }

    private static long finalTarget(ContactDao dao, ContactRow row) {
        ContactRow current = row;
        for (int hops = 0; current.mergedInto() != null && hops < 100; hops++) {
            current = dao.findById(current.mergedInto()).orElseThrow();
        }
        return current.id();
    }

    public List<Views.Contact> byIds(List<Long> ids) {
        return ids.isEmpty() ? List.of() : db.read(h -> views.contacts(h, h.attach(ContactDao.class).findByIds(ids)));
    }

    /**
     * Live contacts whose name, an address or organisation contains the pattern (all for ''), of one organisation (0:
     * any), in the list's order ({@link NameCursor}) after {@code after}.
     */
    public List<Views.Contact> search(Search search, long organizationId, NameCursor after, int limit) {
        return db.read(h -> {
            ContactDao dao = h.attach(ContactDao.class);
            List<ContactRow> rows = new ArrayList<>(limit);
            if (after.name() != null) {
                rows.addAll(dao.searchNamed(search.addresses(), search.names(), organizationId, after.key(), after.id(), limit));
            }
            if (rows.size() < limit) {
                long afterUnnamed = after.name() == null ? after.id() : 0;
                rows.addAll(dao.searchUnnamed(search.addresses(), search.names(), organizationId, afterUnnamed,
                        limit - rows.size()));
            }
            return views.contacts(h, rows);
        });
    }

    public Views.Contact create(long actorId, Edit edit) {
        edit.check(FieldRules.Stored.NONE);
        List<String> emails = validEmails(edit.addEmails(), Set.of());
        long now = clock.millis();
        return db.write(h -> {
            ContactDao dao = h.attach(ContactDao.class);
            for (String e : emails) {
                Optional<Long> owner = dao.idByAddress(e);
                if (owner.isPresent()) {
                    throw new ContactConflictException("address " + e + " already belongs to contact " + owner.get());
                }
            }
            Long organizationId = edit.organizationId().applyTo(null);
            checkOrganization(h.attach(OrganizationDao.class), organizationId);
            long id = dao.insert(edit.name(), organizationId, "manual", actorId, now, now);
            Set<String> edited = editedFields(edit, Set.of());
            dao.update(id, edit.name(), emptyToNull(edit.title()), organizationId, ViewMapper.json(nonNull(edit.phones())),
                    ViewMapper.json(edited), now);
            emails.forEach(e -> dao.addEmail(e, id, now));
            audit(h.attach(SupportDao.class), actorId, "contact.create", id, null,
                    ViewMapper.auditJson(AuditedEdit.of(edit, null)), now);
            return views.contacts(h, dao.findByIds(List.of(id))).get(0);
        });
    }

    /**
     * What contact {@code id} holds, as {@link FieldRules} judge an edit of it ({@link FieldRules.Stored#NONE} when
     * there is no such contact now): for a caller that checks an edit before {@link #update}, which judges it again.
     */
    public FieldRules.Stored stored(long id) {
        return db.read(h -> h.attach(ContactDao.class).findById(id)).filter(r -> r.mergedInto() == null)
                .map(ContactService::stored).orElse(FieldRules.Stored.NONE);
    }

    private static FieldRules.Stored stored(ContactRow row) {
        return new FieldRules.Stored(row.displayName(), row.title(), ViewMapper.strings(row.phones()));
    }

    public Optional<Views.Contact> update(long actorId, long id, Edit edit) {
        long now = clock.millis();
        return db.write(h -> {
            ContactDao dao = h.attach(ContactDao.class);
            Optional<ContactRow> row = dao.findById(id).filter(r -> r.mergedInto() == null);
            if (row.isEmpty()) {
                return Optional.<Views.Contact>empty();
            }
            ContactRow c = row.get();
            edit.check(stored(c));
            List<String> emails = validEmails(edit.addEmails(), Set.copyOf(dao.emailsOf(id)));
            for (String e : emails) {
                Optional<Long> owner = dao.idByAddress(e);
                if (owner.isPresent() && owner.get() != id) {
                    throw new ContactConflictException("address " + e + " already belongs to contact " + owner.get()
                            + "; merge the two contacts instead");
                }
            }
            checkOrganization(h.attach(OrganizationDao.class), edit.organizationId().value());
            Set<String> edited = editedFields(edit, new LinkedHashSet<>(ViewMapper.strings(c.editedFields())));
            dao.update(id,
                    edit.name() != null ? edit.name() : c.displayName(),
                    edit.title() != null ? emptyToNull(edit.title()) : c.title(),
                    edit.organizationId().applyTo(c.organizationId()),
                    edit.phones() != null ? ViewMapper.json(edit.phones()) : c.phones(),
                    ViewMapper.json(edited), now);
            emails.forEach(e -> dao.addEmail(e, id, now));
            audit(h.attach(SupportDao.class), actorId, "contact.update", id, ViewMapper.auditJson(AuditedContact.of(c, null)),
                    ViewMapper.auditJson(AuditedEdit.of(edit, c)), now);
            return Optional.of(views.contacts(h, dao.findByIds(List.of(id))).get(0));
        });
    }

    /** An empty job title is none: the edit forms send one to clear it. */
    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    public boolean delete(long actorId, long id) {
        long now = clock.millis();
        return db.write(h -> {
            ContactDao dao = h.attach(ContactDao.class);
            Optional<ContactRow> row = dao.findById(id).filter(r -> r.mergedInto() == null);
            if (row.isEmpty()) {
                return false;
            }
            List<String> emails = dao.emailsOf(id);
            dao.detachParties(id);
            h.attach(RelationshipDao.class).deleteOfContact(id);
            dao.deleteMergedInto(id);
            dao.delete(id);
            audit(h.attach(SupportDao.class), actorId, "contact.delete", id, ViewMapper.auditJson(AuditedContact.of(row.get(), emails)),
                    null, now);
            return true;
        });
    }

    /** Conversations with a contact that the viewer may see, newest first, before a (sentAt, id) position. */
    public List<ConversationRow> timelineRows(long contactId, long viewerId, long beforeSent, long beforeId, int limit) {
        return db.read(h -> h.attach(MessageDao.class).timelineOfContact(contactId, viewerId, beforeSent, beforeId, limit));
    }

    /** The conversations {@code userId} logged most recently (the add-on home page's "recent activity"). */
    public List<Views.Conversation> recentOf(long userId, int limit) {
        return db.read(h -> h.attach(MessageDao.class).recentCopiesOf(userId, limit)).stream()
                .map(ViewMapper::conversation).toList();
    }

    public static Views.Conversation conversation(ConversationRow row) {
        return ViewMapper.conversation(row);
    }

    /**
     * Folds {@code sources} into {@code targetId}: addresses, message parties and relationship figures
     * move over; the sources remain as {@code merged_into} pointers. The audit entry records what moved, and one
     * {@code contact_merge} row per source keeps what {@link MergeUndo} needs to undo it.
     */
    public Optional<Views.Contact> merge(long actorId, long targetId, List<Long> sources) {
        return mergeUndoable(actorId, targetId, sources).map(Merged::contact);
    }

    /** The contact after a merge, and the ids of the merge records that {@link MergeUndo#undo} takes. */
    public record Merged(Views.Contact contact, List<Long> mergeIds) {
    }

    public Optional<Merged> mergeUndoable(long actorId, long targetId, List<Long> sources) {
        long now = clock.millis();
        return db.write(h -> {
            ContactDao dao = h.attach(ContactDao.class);
            ContactMergeDao merges = h.attach(ContactMergeDao.class);
            Optional<ContactRow> target = dao.findById(targetId).filter(r -> r.mergedInto() == null);
            if (target.isEmpty()) {
                return Optional.<Merged>empty();
            }
            List<AuditedContact> moved = new ArrayList<>();
            List<Long> mergeIds = new ArrayList<>();
            for (long sourceId : new LinkedHashSet<>(sources)) {
                if (sourceId == targetId) {
                    throw new ContactConflictException("a contact cannot be merged into itself");
                }
                ContactRow source = dao.findById(sourceId).filter(r -> r.mergedInto() == null)
                        .orElseThrow(() -> new ContactConflictException("contact " + sourceId + " does not exist or is already merged"));
                List<String> emails = dao.emailsOf(sourceId);
                List<Long> absorbed = merges.mergedInto(sourceId);
                dao.moveEmails(sourceId, targetId);
                dao.moveParties(sourceId, targetId);
                dao.repointMerged(sourceId, targetId);
                merges.copyHandovers(sourceId, targetId);
                dao.markMerged(sourceId, targetId, now);
                // A merge is a person's update: what it fills in dates from now.
                boolean filledName = source.displayName() != null
                        && dao.fillNameIfEmpty(targetId, source.displayName(), now, now) == 1;
                boolean filledOrg = source.organizationId() != null
                        && dao.fillOrganizationIfEmpty(targetId, source.organizationId(), now) == 1;
                mergeIds.add(merges.insert(targetId, sourceId, ViewMapper.json(emails),
                        ViewMapper.json(absorbed.stream().map(String::valueOf).toList()), filledName, filledOrg, actorId, now,
                        target.get().infoAt()));
                moved.add(AuditedContact.of(source, emails));
            }
            dao.takeNewestMergedInfo(targetId, now);
            merges.recordMergedInfo(mergeIds);
            // Recomputed from the messages rather than added up: a message that had both contacts on it counts once.
            Set<Long> recompute = new LinkedHashSet<>(sources);
            recompute.add(targetId);
            relationships.recomputeContacts(h, recompute, now);
            audit(h.attach(SupportDao.class), actorId, "contact.merge", targetId, ViewMapper.auditJson(moved),
                    ViewMapper.auditJson(Map.of("mergedInto", targetId)), now);
            return Optional.of(new Merged(views.contacts(h, dao.findByIds(List.of(targetId))).get(0), List.copyOf(mergeIds)));
        });
    }

    /** Staff who know a contact, strongest first, with departed colleagues flagged. */
    public List<Views.KnownBy> knownBy(long contactId) {
        long now = clock.millis();
        return db.read(h -> h.attach(RelationshipDao.class).knownBy(List.of(contactId)).stream()
                .map(r -> views.knownBy(r, now)).toList());
    }

    /**
     * Groups of live contacts that carry the same name (its {@link NameKey}: case, accents and spacing ignored), most
     * copies first: the duplicate review.
     */
    public List<List<Views.Contact>> duplicateGroups(int maxGroups) {
        return db.read(h -> {
            ContactDao dao = h.attach(ContactDao.class);
            // A group said to be different people is left out below; asking for as many more names as there are such
            // groups still fills the page.
            List<String> names = dao.duplicateNames(maxGroups + dao.dismissedNames());
            if (names.isEmpty()) {
                return List.<List<Views.Contact>>of();
            }
            Map<String, List<Views.Contact>> groups = new java.util.LinkedHashMap<>();
            names.forEach(n -> groups.put(n, new ArrayList<>()));
            for (Views.Contact c : views.contacts(h, dao.withNameKeys(names))) {
                groups.computeIfAbsent(NameKey.of(c.name()), k -> new ArrayList<>()).add(c);
            }
            List<List<Views.Contact>> out = new ArrayList<>();
            for (Map.Entry<String, List<Views.Contact>> g : groups.entrySet()) {
                Set<Long> dismissed = g.getValue().isEmpty() ? Set.of()
                        : new java.util.HashSet<>(dao.dismissedOf(NameKey.of(g.getValue().get(0).name())));
                boolean allDismissed = g.getValue().stream().allMatch(c -> dismissed.contains(c.id()));
                if (g.getValue().size() > 1 && !allDismissed && out.size() < maxGroups) {
                    out.add(g.getValue());
                }
            }
            return out;
        });
    }

    /**
     * Someone says these contacts, all of one name (a group of the Duplicates page), are different people: the group
     * leaves the page until a new contact of that name joins it.
     */
    public void markDifferentPeople(long actorId, List<Long> contactIds) {
        long now = clock.millis();
        db.write(h -> {
            ContactDao dao = h.attach(ContactDao.class);
            List<ContactRow> rows = dao.findByIds(contactIds).stream().filter(r -> r.mergedInto() == null).toList();
            String key = rows.isEmpty() || rows.get(0).displayName() == null ? "" : NameKey.of(rows.get(0).displayName());
            if (rows.size() < 2 || rows.size() != contactIds.size() || key.isEmpty()
                    || rows.stream().anyMatch(r -> !key.equals(NameKey.of(r.displayName())))) {
                throw new InvalidFieldException("contact", "these are not two or more current contacts of one name");
            }
            rows.forEach(r -> dao.dismiss(key, r.id(), actorId, now));
            h.attach(SupportDao.class).audit(actorId, "contact.duplicates.dismiss", "contact", Long.toString(rows.get(0).id()),
                    null, ViewMapper.auditJson(Map.of("name", rows.get(0).displayName(), "contactIds", contactIds)), now);
            return null;
        });
    }

    /** Undoes {@link #markDifferentPeople}: the group shows on the Duplicates page again. */
    public void unmarkDifferentPeople(long actorId, List<Long> contactIds) {
        long now = clock.millis();
        db.write(h -> {
            if (!contactIds.isEmpty()) {
                h.attach(ContactDao.class).undismiss(contactIds);
                h.attach(SupportDao.class).audit(actorId, "contact.duplicates.undismiss", "contact", Long.toString(contactIds.get(0)),
                        null, ViewMapper.auditJson(Map.of("contactIds", contactIds)), now);
            }
            return null;
        });
    }

    /**
     * The addresses an edit adds, normalised, or the refusal of the first that the contact may not be given.
     *
     * <p>An address the contact holds already ({@code held}) is sent back, not added (the pane and API clients send
     * every address they loaded): it passes the company-domain rule, which an admin may have widened since (a domain
     * added as internal later), so that it does not refuse every later save of the contact. The suppression rule
     * holds for every address, held or not: an address is suppressed only by erasing its person
     * ({@code PrivacyService.erase}), which deletes it from every contact in the same transaction, so a contact never
     * holds one in the ordinary way, and one that does holds erased data that must not be saved again as if kept.
     */
    private List<String> validEmails(List<String> raw, Set<String> held) {
        List<String> out = new ArrayList<>();
        for (String e : nonNull(raw)) {
            ParsedParty p = parser.parse(Party.of(e, null));
            if (!p.isValid()) {
                throw new InvalidFieldException("emails", e + ": " + p.error());
            }
            if (!held.contains(p.email().address()) && directory.isInternalDomain(p.email().domain())) {
                throw new InvalidFieldException("emails", e + " is a company address; colleagues are not contacts");
            }
            if (directory.isSuppressed(p.email())) {
                throw new InvalidFieldException("emails", e + " was erased on request; an admin must lift the suppression first");
            }
            out.add(p.email().address());
        }
        return out;
    }

    private static void checkOrganization(OrganizationDao dao, Long organizationId) {
        if (organizationId != null && dao.findById(organizationId).isEmpty()) {
            throw new InvalidFieldException("organizationId", "organization " + organizationId + " does not exist");
        }
    }

    private static Set<String> editedFields(Edit edit, Set<String> before) {
        Set<String> out = new LinkedHashSet<>(before);
        if (edit.name() != null) {
            out.add("name");
        }
        if (edit.title() != null) {
            out.add("title");
        }
        // A removed organisation is an edit too: an import must not put it back.
        if (edit.organizationId().given()) {
            out.add("organization");
        }
        if (edit.phones() != null) {
            out.add("phones");
        }
        return out;
    }

    /** A contact as the audit log keeps it: what a reader needs to recognise it, not the row's bookkeeping. */
    private record AuditedContact(long contactId, String name, String title, Long organizationId, List<String> phones,
                                  List<String> emails) {
        static AuditedContact of(ContactRow row, List<String> emails) {
            return new AuditedContact(row.id(), row.displayName(), row.title(), row.organizationId(),
                    ViewMapper.strings(row.phones()), emails);
        }
    }

    /**
     * An edit as the audit log keeps it: the fields it set (nulls left out), and {@code organizationRemoved} when it
     * took the contact out of the organisation it had.
     */
    private record AuditedEdit(String name, String title, Long organizationId, Boolean organizationRemoved,
                               List<String> phones, List<String> addEmails) {
        static AuditedEdit of(Edit edit, ContactRow before) {
            boolean removed = before != null && before.organizationId() != null && edit.organizationId().given()
                    && edit.organizationId().value() == null;
            return new AuditedEdit(edit.name(), edit.title(), edit.organizationId().value(), removed ? Boolean.TRUE : null,
                    edit.phones(), edit.addEmails());
        }
    }

    private static void audit(SupportDao dao, long actor, String action, long id, String before, String after, long now) {
        dao.audit(actor, action, "contact", Long.toString(id), before, after, now);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
