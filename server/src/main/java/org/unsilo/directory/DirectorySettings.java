package org.unsilo.directory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unsilo.capture.Directory;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.store.BlockRuleRow;
import org.unsilo.store.Database;
import org.unsilo.store.DirectoryDao;
import org.unsilo.store.SupportDao;

/**
 * The parts of the directory people edit: internal domains and block rules (admins), and each staff member's
 * never-capture domains. Changes are audit-logged and take effect at once ({@link Directory#invalidate}).
 */
public final class DirectorySettings {

    private final Database db;
    private final Directory directory;
    private final OrganizationInference inference;
    private final Clock clock;

    public DirectorySettings(Database db, Directory directory, OrganizationInference inference, Clock clock) {
        this.db = db;
        this.directory = directory;
        this.inference = inference;
        this.clock = clock;
    }

    public List<String> internalDomains() {
        return db.read(h -> h.attach(DirectoryDao.class).internalDomains());
    }

    public void addInternalDomain(long actorId, String domain) {
        String d = registrable(domain, "domain");
        long now = clock.millis();
        db.write(h -> {
            h.attach(DirectoryDao.class).addInternalDomain(d, actorId, now);
            return h.attach(SupportDao.class).audit(actorId, "directory.internal-domain.add", "domain", d, null, d, now);
        });
        directory.invalidate();
    }

    public void removeInternalDomain(long actorId, String domain) {
        long now = clock.millis();
        db.write(h -> {
            h.attach(DirectoryDao.class).removeInternalDomain(domain);
            return h.attach(SupportDao.class).audit(actorId, "directory.internal-domain.remove", "domain", domain, domain, null, now);
        });
        directory.invalidate();
    }

    public List<BlockRuleRow> blockRules() {
        return db.read(h -> h.attach(DirectoryDao.class).blockRules());
    }

    /** Blocks one address ({@code a@b.com}) or a whole domain ({@code b.com}). */
    public void addBlockRule(long actorId, String pattern) {
        String p = pattern == null ? "" : pattern.trim().toLowerCase(Locale.ROOT);
        boolean address = p.contains("@");
        if (address ? p.indexOf('@') < 1 || p.indexOf('@') != p.lastIndexOf('@') || p.length() > 320 : p.isEmpty()) {
            throw new InvalidFieldException("pattern", "enter an address (name@example.com) or a domain (example.com)");
        }
        String value = address ? p : registrable(p, "pattern");
        long now = clock.millis();
        db.write(h -> {
            h.attach(DirectoryDao.class).addBlockRule(value, address ? "address" : "domain", actorId, now);
            return h.attach(SupportDao.class).audit(actorId, "directory.block.add", "block_rule", value, null, value, now);
        });
        directory.invalidate();
    }

    public void removeBlockRule(long actorId, long id) {
        long now = clock.millis();
        db.write(h -> {
            h.attach(DirectoryDao.class).removeBlockRule(id);
            return h.attach(SupportDao.class).audit(actorId, "directory.block.remove", "block_rule", Long.toString(id), null, null, now);
        });
        directory.invalidate();
    }

    public List<String> privateDomains(long userId) {
        return db.read(h -> h.attach(DirectoryDao.class).privateDomains(userId));
    }

    public void addPrivateDomain(long userId, String domain) {
        String d = registrable(domain, "domain");
        long now = clock.millis();
        db.write(h -> h.attach(DirectoryDao.class).addPrivateDomain(userId, d, now));
        directory.invalidate();
    }

    /**
     * Makes {@code domains} the user's never-capture domains, each stored as its registrable domain. All are checked
     * before anything changes, and the list is replaced in one transaction: a refused list leaves the old one whole.
     */
    public List<String> replacePrivateDomains(long userId, List<String> domains) {
        List<String> wanted = new ArrayList<>();
        for (String domain : domains) {
            String d = registrable(domain, "excludedDomains");
            if (!wanted.contains(d)) {
                wanted.add(d);
            }
        }
        long now = clock.millis();
        db.write(h -> {
            DirectoryDao dao = h.attach(DirectoryDao.class);
            for (String d : dao.privateDomains(userId)) {
                if (!wanted.contains(d)) {
                    dao.removePrivateDomain(userId, d);
                }
            }
            wanted.forEach(d -> dao.addPrivateDomain(userId, d, now));
            return null;
        });
        directory.invalidate();
        return List.copyOf(wanted);
    }

    public void removePrivateDomain(long userId, String domain) {
        db.write(h -> h.attach(DirectoryDao.class).removePrivateDomain(userId, domain));
        directory.invalidate();
    }

    private String registrable(String domain, String field) {
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        return inference.registrableDomain(d)
                .orElseThrow(() -> new InvalidFieldException(field, "'" + d + "' is not a registrable domain such as example.com"));
    }
}
