package org.unsilo.store;

/** A count in a time bucket (day or week number since the epoch), optionally per user (0 when not grouped by user). */
public record CountRow(long bucket, long userId, long count) {
}
