package org.unsilo.store;

/** A staff member. */
public record UserRow(long id, String email, String displayName, String role, String status, long createdAt, Long departedAt) {
    public boolean isAdmin() {
        return "admin".equals(role);
    }

    public boolean isActive() {
        return "active".equals(status);
    }
}
