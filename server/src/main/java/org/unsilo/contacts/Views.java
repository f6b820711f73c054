package org.unsilo.contacts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** What the API shows of contacts, organisations and conversations (field names are the contract, DESIGN.md §7). */
public final class Views {

    private Views() {
    }

    public record OrganizationRef(long id, String name, String domain) {
    }

    public record Organization(long id, String name, String domain, List<String> domains, Instant createdAt,
                               Instant updatedAt) {
    }

    /**
     * {@code updatedAt}: when the record last changed (what a client polling for changes compares); {@code infoAt}: when
     * its newest information dates from (DESIGN.md §6: a contact taken today from 2001 mail says 2001, a person's edit
     * says its time).
     */
    public record Contact(long id, String name, String title, List<String> emails, List<String> phones,
                          OrganizationRef organization, String source, Instant createdAt, Instant updatedAt,
                          Instant infoAt, Long mergedInto) {
    }

    /**
     * A contact as {@code GET /api/v1/contacts/{id}} shows it: the {@link Contact} fields plus where values
     * taken from e-mail signatures came from (DESIGN.md §5.8). Only the detail view carries this; lists
     * and lookups stay lean.
     */
    public record ContactDetail(long id, String name, String title, List<String> emails, List<String> phones,
                                OrganizationRef organization, String source, Instant createdAt, Instant updatedAt,
                                Instant infoAt, Long mergedInto, List<Enrichment> enrichment) {

        static ContactDetail of(Contact c, List<Enrichment> enrichment) {
            return new ContactDetail(c.id(), c.name(), c.title(), c.emails(), c.phones(), c.organization(), c.source(),
                    c.createdAt(), c.updatedAt(), c.infoAt(), c.mergedInto(), List.copyOf(enrichment));
        }
    }

    /**
     * One value capture took from a sender's signature: the field ({@code phone}, {@code title},
     * {@code company} — the organisation's name), the value, the phone label if the signature gave one,
     * and the message it was read from (null if that message was deleted since).
     */
    public record Enrichment(String field, String value, String label, Long messageId, Instant at) {
    }

    public record UserRef(long id, String email, String name) {
    }

    public record KnownBy(UserRef user, double strength, Instant lastContactAt, int messages, boolean departed) {
    }

    /** A conversation the viewer may see; subject and snippet are null when it is private to others. */
    public record Conversation(long id, String internetMessageId, String subject, String snippet, Instant sentAt,
                               String threadKey, @JsonProperty("private") boolean privateFlag, String from) {
    }

    /** {@code memo}: the kept card's, when the answer came from one (not sent: it is the caller's scratch space). */
    public record LookupResult(String address, boolean known, boolean internal, Contact contact,
                               OrganizationRef organization, List<KnownBy> knownBy,
                               List<Conversation> recentConversations, String error,
                               @JsonIgnore AnswerMemo memo) {
    }

    public record Relationship(Contact contact, double strength, Instant firstContactAt, Instant lastContactAt,
                               int sent, int received, int messages, Long medianGapDays) {
    }
}
