package org.unsilo.contacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.unsilo.relationships.Strength;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ContactEmailRow;
import org.unsilo.store.ContactRow;
import org.unsilo.store.ConversationRow;
import org.unsilo.store.EnrichmentDao;
import org.unsilo.store.KnownByRow;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.OrganizationRow;

/** Builds API views from rows, loading addresses and organisations for a batch of contacts at once. */
final class ViewMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** For audit entries: fields that are not set are left out. */
    private static final ObjectMapper AUDIT_JSON = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private final Strength strength;

    ViewMapper(Strength strength) {
        this.strength = strength;
    }

    List<Views.Contact> contacts(Handle h, List<ContactRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<ContactEmailRow> emails = h.attach(ContactDao.class).emailsOfAll(rows.stream().map(ContactRow::id).toList());
        // One statement for all their organisations (a duplicates page shows people at hundreds of them).
        List<Long> orgIds = rows.stream().map(ContactRow::organizationId).filter(Objects::nonNull).distinct().toList();
        Map<Long, Views.OrganizationRef> orgs = new HashMap<>();
        if (!orgIds.isEmpty()) {
            h.attach(OrganizationDao.class).findByIds(orgIds).forEach(o -> orgs.put(o.id(), ref(o)));
        }
        return contacts(rows, emails, orgs);
    }

    /** Views of {@code rows}, given all their addresses (in order) and their organisations by id. */
    List<Views.Contact> contacts(List<ContactRow> rows, List<ContactEmailRow> emailRows, Map<Long, Views.OrganizationRef> orgs) {
        Map<Long, List<String>> emails = new HashMap<>();
        for (ContactEmailRow e : emailRows) {
            emails.computeIfAbsent(e.contactId(), k -> new ArrayList<>()).add(e.address());
        }
        List<Views.Contact> out = new ArrayList<>();
        for (ContactRow c : rows) {
            Views.OrganizationRef org = c.organizationId() == null ? null : orgs.get(c.organizationId());
            out.add(new Views.Contact(c.id(), c.displayName(), c.title(), emails.getOrDefault(c.id(), List.of()),
                    strings(c.phones()), org, c.source(), Instant.ofEpochMilli(c.createdAt()),
                    Instant.ofEpochMilli(c.updatedAt()), Instant.ofEpochMilli(c.infoAt()), c.mergedInto()));
        }
        return out;
    }

    /** Values taken from this contact's e-mail signatures, oldest first (DESIGN.md §5.8). */
    List<Views.Enrichment> enrichment(Handle h, long contactId) {
        return h.attach(EnrichmentDao.class).ofContact(contactId).stream()
                .map(e -> new Views.Enrichment(e.field(), e.value(), e.label(), e.messageId(), Instant.ofEpochMilli(e.createdAt())))
                .toList();
    }

    static Views.OrganizationRef ref(OrganizationRow o) {
        return new Views.OrganizationRef(o.id(), o.name(), o.domain());
    }

    Views.KnownBy knownBy(KnownByRow r, long now) {
        return knownBy(r, strength.strengthAt(r.score(), now));
    }

    static Views.KnownBy knownBy(KnownByRow r, double shownStrength) {
        return new Views.KnownBy(new Views.UserRef(r.userId(), r.email(), r.displayName()), shownStrength,
                Instant.ofEpochMilli(r.lastAt()), r.messageCount(), "departed".equals(r.status()));
    }

    double strengthAt(double score, long now) {
        return strength.strengthAt(score, now);
    }

    static Views.Conversation conversation(ConversationRow r) {
        boolean hidden = r.privateFlag() && !r.viewerOwnsCopy();
        return new Views.Conversation(r.id(), r.internetMessageId(), hidden ? null : r.subject(),
                hidden ? null : r.snippet(), Instant.ofEpochMilli(r.sentAt()), r.threadKey(), r.privateFlag(),
                r.fromAddress());
    }

    static List<String> strings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    /** An audit entry's "before" or "after": the fields that matter to a reader, as a JSON object (nulls left out). */
    static String auditJson(Object value) {
        try {
            return AUDIT_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json(Collection<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
