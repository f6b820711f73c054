package org.unsilo.privacy;

/**
 * What one erasure removed (GDPR art. 17). It names the person only by {@code addressHash}, the SHA-256 of the
 * normalised address, which is also what the audit log and the suppression list keep.
 */
public record Erasure(String addressHash, int contacts, int addresses, int messageParties, int messagesStripped,
                      int relationships, int enrichment, int auditEntriesRedacted, int importIssues,
                      int storedResponses, int suppressedAddresses) {
}
