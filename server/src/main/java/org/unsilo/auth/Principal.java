package org.unsilo.auth;

import org.unsilo.store.UserRow;

/** The authenticated caller of a request. */
public record Principal(UserRow user, long tokenId) {

    public long userId() {
        return user.id();
    }

    public boolean isAdmin() {
        return user.isAdmin();
    }
}
