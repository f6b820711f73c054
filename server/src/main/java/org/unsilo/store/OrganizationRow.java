package org.unsilo.store;

public record OrganizationRow(long id, String name, String domain, Long createdBy, long createdAt, long updatedAt) {
}
