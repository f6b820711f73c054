package org.unsilo.store;

/** An import job; {@code counts} is a JSON object of named counters, {@code checkpoint} the importer's own position. */
public record ImportJobRow(long id, String kind, String source, String jobKey, String options, Long ownerId,
                           String status, Long total, long processed, String checkpoint, String counts, String error,
                           Long createdBy, long createdAt, long updatedAt, Long finishedAt) {
}
