package org.unsilo.store;

/** A contact who wrote last to a staff member and has had no answer since {@code lastAt}. */
public record FollowUpRow(long contactId, String contactName, long userId, String userName, long lastAt) {
}
