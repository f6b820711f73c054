package org.unsilo.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import org.unsilo.capture.CaptureResult;

/** The capture response shape of DESIGN.md §7. */
record CaptureResponse(Message message, boolean created, List<CaptureResult.ContactOutcome> contacts,
                       List<CaptureResult.OrganizationOutcome> organizations, List<CaptureResult.Rejected> rejected,
                       List<CaptureResult.Skipped> skipped) {

    record Message(long id, String internetMessageId, String threadKey, String subject, Instant sentAt,
                   @JsonProperty("private") boolean privateFlag) {
    }

    static CaptureResponse of(CaptureResult r) {
        CaptureResult.StoredMessage m = r.message();
        return new CaptureResponse(new Message(m.id(), m.internetMessageId(), m.threadKey(), m.subject(), m.sentAt(), m.private_()),
                r.created(), r.contacts(), r.organizations(), r.rejected(), r.skipped());
    }
}
