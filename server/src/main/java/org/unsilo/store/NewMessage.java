package org.unsilo.store;

/** The columns of a message about to be stored. */
public record NewMessage(String internetMessageId, String fingerprint, String threadKey, String subject,
                         String subjectNorm, String participantsHash, long sentAt, String snippet, String body,
                         String fromAddress, String source, int privateFlag, Long capturedBy, long capturedAt) {
}
