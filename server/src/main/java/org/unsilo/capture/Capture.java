package org.unsilo.capture;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * "This e-mail and these people", however it arrived (add-in, sync, import). {@code capturedBy} is the
 * staff member whose mailbox it was seen in; {@code headers} may carry In-Reply-To, References,
 * List-Id, Precedence and similar.
 */
public record Capture(
        Source source,
        long capturedBy,
        String internetMessageId,
        String providerMessageId,
        String threadId,
        String subject,
        Instant sentAt,
        Party from,
        List<Party> to,
        List<Party> cc,
        String bodyText,
        String snippet,
        Map<String, String> headers,
        boolean markPrivate) {

    public enum Source {
        OUTLOOK("outlook", "microsoft"),
        GMAIL("gmail", "google"),
        GRAPH_SYNC("graph-sync", "microsoft"),
        GMAIL_SYNC("gmail-sync", "google"),
        IMPORT("import", "import"),
        API("api", "api");

        private final String wireName;
        private final String provider;

        Source(String wireName, String provider) {
            this.wireName = wireName;
            this.provider = provider;
        }

        public String wireName() {
            return wireName;
        }

        /** Provider ids (message and thread) are only comparable within one provider. */
        public String provider() {
            return provider;
        }

        public static Source fromWire(String name) {
            for (Source s : values()) {
                if (s.wireName.equals(name)) {
                    return s;
                }
            }
            return null;
        }
    }

    public Capture {
        to = to == null ? List.of() : List.copyOf(to);
        cc = cc == null ? List.of() : List.copyOf(cc);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
