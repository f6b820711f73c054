package org.unsilo.privacy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.unsilo.contacts.Views;

/**
 * Everything held about one person (GDPR art. 15): their contact with its addresses, organisation and enrichment,
 * contacts merged into it, every message they are a party on (as held: subject, snippet, body, and the roles they
 * had — other people on those messages are left out, their data is not the requester's), staff relationships, audit
 * entries and import issues that mention them, and whether the address is suppressed.
 */
public record PersonExport(String address, Instant generatedAt, boolean suppressed, Views.ContactDetail contact,
                           List<Views.Contact> mergedContacts, List<Message> messages, List<Relationship> relationships,
                           List<Audit> audit, List<ImportIssue> importIssues) {

    public record Message(long id, String internetMessageId, String threadKey, String subject, String snippet,
                          String body, Instant sentAt, String source, @JsonProperty("private") boolean privateFlag,
                          List<Appearance> appearances) {
    }

    /** How the person was named on a message: as which address, in which role, under which display name. */
    public record Appearance(String role, String address, String name) {
    }

    public record Relationship(Views.UserRef user, Instant firstContactAt, Instant lastContactAt, int sent, int received,
                               int messages, double strength) {
    }

    public record Audit(long id, Long actorId, String action, String targetType, String targetId, String before,
                        String after, Instant at) {
    }

    public record ImportIssue(long jobId, String item, String reason, Instant at) {
    }
}
