package org.unsilo.importer.mail;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.unsilo.capture.Party;

/**
 * What the importer takes from one RFC 5322 message: the fields a {@link org.unsilo.capture.Capture} needs.
 * Parties are raw header values, one per address, so the capture path parses and normalises them like
 * everything else it receives.
 */
record ParsedMessage(String messageId, Instant sentAt, String subject, Party from, List<Party> to, List<Party> cc,
                     Map<String, String> headers, String bodyText) {
}
