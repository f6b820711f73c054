package org.unsilo.auth;

import java.util.Optional;

/**
 * One way of turning an {@code Authorization: Bearer} credential into a staff member. The HTTP layer asks each
 * configured authenticator in turn; one that does not recognise the credential's kind answers empty.
 */
public interface BearerAuthenticator {

    /** The active staff member the credential belongs to; empty when it is not valid for this authenticator. */
    Optional<Principal> authenticate(String credential);
}
