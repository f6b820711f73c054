package org.unsilo.gmail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unsilo.capture.Party;

/**
 * A Gmail message as the add-on needs it: its people and the headers that decide how it is captured. {@code bodyText}
 * is only read when the conversation is logged (null otherwise, or when the message has no text part).
 */
public record GmailMessage(String id, String threadId, String internetMessageId, String subject, Instant sentAt,
                           Party from, List<Party> to, List<Party> cc, Map<String, String> captureHeaders,
                           String bodyText) {

    /** Sender first, then To and Cc, in header order. */
    public List<Party> people() {
        List<Party> all = new ArrayList<>();
        if (from != null) {
            all.add(from);
        }
        all.addAll(to);
        all.addAll(cc);
        return all;
    }

    public GmailMessage {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        captureHeaders = new LinkedHashMap<>(captureHeaders);
    }
}
