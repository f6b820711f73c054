package org.unsilo.store;

/** One staff member's use of Unsilo over a period: days with any activity (UTC days), captures and look-ups. */
public record UsageRow(long userId, long activeDays, long captures, long lookups) {
}
