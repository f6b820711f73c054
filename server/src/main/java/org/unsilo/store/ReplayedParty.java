package org.unsilo.store;

/**
 * A party of a stored message, with the message: what a replay of stored messages reads, one row per party, oldest
 * message first ({@link RelationshipDao#REPLAY}).
 */
public record ReplayedParty(long messageId, String threadKey, long sentAt, long capturedAt, String role, String address,
                            String name, Long contactId, Long userId) {

    public PartyRow party() {
        return new PartyRow(messageId, role, address, name, contactId, userId);
    }
}
