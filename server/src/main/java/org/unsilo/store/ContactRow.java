package org.unsilo.store;

public record ContactRow(long id, String displayName, Long organizationId, String title, String phones,
                         String editedFields, String source, Long createdBy, long createdAt, long updatedAt,
                         long infoAt, Long mergedInto) {
}
