package org.unsilo.importer.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Where a mail import stands, committed with the batch it follows: {@code next} items are done, the last of
 * them in {@code file} (relative to the import root); in an mbox, the next message starts at byte
 * {@code offset} of that file (-1 for one-message files). Example:
 * {@code {"next":4250,"file":"allen-p/inbox/12.","offset":-1}}.
 */
record Checkpoint(long next, String file, long offset) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final Checkpoint START = new Checkpoint(0, null, -1);

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Checkpoint fromJson(String json) {
        if (json == null || json.isBlank()) {
            return START;
        }
        try {
            return JSON.readValue(json, Checkpoint.class);
        } catch (JsonProcessingException e) {
            throw new MailImportException("the job's checkpoint is not readable (" + e.getOriginalMessage() + ")");
        }
    }

    boolean isStart() {
        return file == null;
    }
}
