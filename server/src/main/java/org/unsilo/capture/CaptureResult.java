package org.unsilo.capture;

import java.time.Instant;
import java.util.List;

/** What a capture stored or matched. Field names are the API contract (DESIGN.md §7). */
public record CaptureResult(
        StoredMessage message,
        boolean created,
        List<ContactOutcome> contacts,
        List<OrganizationOutcome> organizations,
        List<Rejected> rejected,
        List<Skipped> skipped) {

    public record StoredMessage(long id, String internetMessageId, String threadKey, String subject, Instant sentAt,
                                boolean private_) {
    }

    public record ContactOutcome(long id, String address, boolean created) {
    }

    public record OrganizationOutcome(long id, String domain, boolean created) {
    }

    /** An address that could not be parsed, or of a person erased on request; nothing was stored for it. */
    public record Rejected(String address, String reason) {
    }

    /** A valid address deliberately not turned into a contact (staff, robot, list mail, blocked). */
    public record Skipped(String address, String reason) {
    }
}
