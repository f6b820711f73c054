package org.unsilo.auth;

import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.Search;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Directory;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.store.Database;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/** Staff accounts and the addresses they send from. */
public final class UserService {

    private final Database db;
    private final AddressParser parser;
    private final Directory directory;
    private final Clock clock;

    public UserService(Database db, AddressParser parser, Directory directory, Clock clock) {
        this.db = db;
        this.parser = parser;
        this.directory = directory;
        this.clock = clock;
    }

    public UserRow create(Long actorId, String email, String name, String role) {
        String address = normalise(email);
        String cleanRole = role == null ? "member" : role.toLowerCase(Locale.ROOT);
        if (!cleanRole.equals("admin") && !cleanRole.equals("member")) {
            throw new InvalidFieldException("role", "role must be 'admin' or 'member'");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidFieldException("name", "name is required");
        }
        long now = clock.millis();
        UserRow user = db.write(h -> {
            UserDao dao = h.attach(UserDao.class);
            if (dao.findByAddress(address).isPresent()) {
                throw new InvalidFieldException("email", "a user with address " + address + " already exists");
            }
            long id = dao.insert(address, name.strip(), cleanRole, now);
            dao.addEmail(address, id, now);
            h.attach(SupportDao.class).audit(actorId, "user.create", "user", Long.toString(id), null,
                    address + " " + cleanRole, now);
            return dao.findById(id).orElseThrow();
        });
        directory.invalidate();
        return user;
    }

    /** Adds a sending alias; internal addresses never become contacts. */
    public void addAlias(long userId, String email) {
        String address = normalise(email);
        long now = clock.millis();
        db.write(h -> h.attach(UserDao.class).addEmail(address, userId, now));
        directory.invalidate();
    }

    public Optional<UserRow> findByEmail(String email) {
        String address = normalise(email);
        return db.read(h -> h.attach(UserDao.class).findByAddress(address));
    }

    public Optional<UserRow> find(long id) {
        return db.read(h -> h.attach(UserDao.class).findById(id));
    }

    public List<String> emailsOf(long userId) {
        return db.read(h -> h.attach(UserDao.class).emailsOf(userId));
    }

    public List<UserRow> list(long afterId, int limit) {
        return db.read(h -> h.attach(UserDao.class).list(afterId, limit));
    }

    /**
     * Every user, by id, for the pages that list or choose among all colleagues. A company's staff is thousands of rows
     * at most; a page that stopped at a fixed number left a large firm's later colleagues out without saying so.
     */
    public List<UserRow> all() {
        return db.read(h -> h.attach(UserDao.class).all());
    }

    /**
     * A page of the users whose name (case and accents ignored) or one of whose addresses {@code search} finds, in
     * name order; {@code offset} users are skipped.
     */
    public List<UserRow> search(Search search, long offset, int limit) {
        return db.read(h -> h.attach(UserDao.class).search(search.addresses(), search.names(), offset, limit));
    }

    /** How many users {@link #search} finds in all. */
    public long countMatching(Search search) {
        return db.read(h -> h.attach(UserDao.class).countMatching(search.addresses(), search.names()));
    }

    public long count() {
        return db.read(h -> h.attach(UserDao.class).count());
    }

    /** Makes a user an admin or a member; audit-logged. */
    public void setRole(long actorId, long userId, String role) {
        if (!"admin".equals(role) && !"member".equals(role)) {
            throw new InvalidFieldException("role", "role must be 'admin' or 'member'");
        }
        long now = clock.millis();
        db.write(h -> {
            UserDao dao = h.attach(UserDao.class);
            UserRow before = dao.findById(userId).orElseThrow(() -> new InvalidFieldException("user", "user " + userId + " does not exist"));
            dao.setRole(userId, role);
            return h.attach(SupportDao.class).audit(actorId, "user.role", "user", Long.toString(userId), before.role(), role, now);
        });
    }

    private String normalise(String email) {
        ParsedParty p = parser.parse(Party.of(email, null));
        if (!p.isValid()) {
            throw new InvalidFieldException("email", "'" + email + "' is not a valid address: " + p.error());
        }
        return p.email().address();
    }
}
