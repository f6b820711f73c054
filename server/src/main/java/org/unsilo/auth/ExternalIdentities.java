package org.unsilo.auth;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.store.Database;
import org.unsilo.store.IdentityDao;
import org.unsilo.store.UserRow;

/**
 * Maps a verified outside identity (Outlook SSO, Gmail add-on, OIDC web sign-in) to a staff account, shared by
 * every sign-in path so one person is one account whichever client they use.
 *
 * <p>Order: an existing link by provider + subject wins (survives address changes); otherwise the account that
 * owns the reported address is linked; otherwise, when the address is in an auto-provisioned domain, a new
 * member is created. Departed staff are refused.
 */
public final class ExternalIdentities {

    private final Database db;
    private final UserService users;
    private final Clock clock;

    public ExternalIdentities(Database db, UserService users, Clock clock) {
        this.db = db;
        this.users = users;
        this.clock = clock;
    }

    /**
     * @param provisionDomains address domains whose unknown users become members on first sign-in (empty: none)
     * @return the active staff account, or empty when the identity maps to nobody allowed in
     */
    public Optional<UserRow> resolve(VerifiedIdentity identity, Set<String> provisionDomains) {
        long now = clock.millis();
        Optional<Long> linked = db.read(h -> h.attach(IdentityDao.class).userOf(identity.provider(), identity.subject()));
        if (linked.isPresent()) {
            db.write(h -> h.attach(IdentityDao.class).seen(identity.provider(), identity.subject(), identity.email(), now));
            return users.find(linked.get()).filter(UserRow::isActive);
        }
        Optional<UserRow> user = byAddress(identity.email());
        if (user.isEmpty() && mayProvision(identity.email(), provisionDomains)) {
            user = Optional.of(provision(identity));
        }
        user.filter(UserRow::isActive).ifPresent(u -> db.write(h -> h.attach(IdentityDao.class)
                .link(identity.provider(), identity.subject(), u.id(), identity.email(), now)));
        return user.filter(UserRow::isActive);
    }

    private Optional<UserRow> byAddress(String email) {
        if (email == null || email.isBlank()) {
            return Optional.empty();
        }
        try {
            return users.findByEmail(email);
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }

    private static boolean mayProvision(String email, Set<String> domains) {
        if (email == null || domains.isEmpty()) {
            return false;
        }
        int at = email.lastIndexOf('@');
        return at > 0 && domains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    private UserRow provision(VerifiedIdentity identity) {
        String name = identity.name() == null || identity.name().isBlank()
                ? identity.email().substring(0, identity.email().indexOf('@'))
                : identity.name();
        try {
            return users.create(null, identity.email(), name, "member");
        } catch (InvalidFieldException e) {
            // Two first sign-ins of the same person raced; the other one created the account.
            return byAddress(identity.email()).orElseThrow(() -> e);
        }
    }
}
