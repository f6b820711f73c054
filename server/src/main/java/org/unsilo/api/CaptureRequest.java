package org.unsilo.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /api/v1/captures} (DESIGN.md §7). */
public record CaptureRequest(
        String source,
        String internetMessageId,
        String providerMessageId,
        String threadId,
        String subject,
        String sentAt,
        PartyInput from,
        List<PartyInput> to,
        List<PartyInput> cc,
        String bodyText,
        String snippet,
        Map<String, String> headers,
        @JsonProperty("private") Boolean privateFlag) {
}
