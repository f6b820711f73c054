package org.unsilo.auth;

/**
 * Who an outside identity provider says the caller is, after its token was verified.
 *
 * @param provider a short stable name such as {@code entra} or {@code google}
 * @param subject the provider's stable user id (Entra {@code oid}, Google {@code sub})
 * @param email the sign-in address the provider reports (Entra {@code preferred_username}, Google {@code email})
 * @param name the display name, if the token carries one
 */
public record VerifiedIdentity(String provider, String subject, String email, String name) {
    public VerifiedIdentity {
        if (provider == null || provider.isBlank() || subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("provider and subject are required");
        }
    }
}
