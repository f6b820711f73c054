package org.unsilo.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;
import org.unsilo.common.NameKey;

/**
 * The capture writer's hot statements as plain JDBC on the transaction's connection, each prepared once per
 * transaction and reused for every capture of a group (or kept from one transaction to the next, {@link Kept}). The
 * SQL is the DAOs' own (the constants their SqlObject methods are declared with), turned into positional SQL once by
 * Jdbi's parser. Why: on the single SQLite writer Jdbi's per-statement work (statement context, argument factories,
 * mappers) cost as much CPU as SQLite itself, for a dozen statements per captured message (bench/README.md). Close
 * it before the transaction ends, unless it is kept.
 */
public final class CaptureStatements implements RelationshipStatements, AutoCloseable {

    /** A DAO statement with its named parameters turned into JDBC positions. */
    private record Sql(String positional, String[] names) {
        static Sql of(String named) {
            ParsedSql parsed = PARSER.parse(named, null);
            return new Sql(parsed.getSql(), parsed.getParameters().getParameterNames().toArray(String[]::new));
        }
    }

    private static final ColonPrefixSqlParser PARSER = new ColonPrefixSqlParser();
    private static final Sql MESSAGE_BY_ID = Sql.of(MessageDao.ID_BY_INTERNET_MESSAGE_ID);
    private static final Sql MESSAGE_BY_FINGERPRINT = Sql.of(MessageDao.ID_BY_FINGERPRINT);
    private static final Sql MESSAGE_BY_REF = Sql.of(MessageDao.ID_BY_PROVIDER_REF);
    private static final Sql INSERT_MESSAGE = Sql.of(MessageDao.INSERT);
    private static final Sql ADD_COPY = Sql.of(MessageDao.ADD_COPY);
    private static final Sql ADD_REF = Sql.of(MessageDao.ADD_REF);
    private static final Sql ADD_PARTY = Sql.of(MessageDao.ADD_PARTY);
    private static final Sql MARK_PRIVATE = Sql.of(MessageDao.MARK_PRIVATE);
    private static final Sql STORED_BY_ID = Sql.of(MessageDao.STORED_BY_ID);
    private static final Sql CONTACT_PARTIES = Sql.of(MessageDao.CONTACT_PARTIES);
    private static final Sql THREAD_BY_SUBJECT = Sql.of(MessageDao.THREAD_KEY_BY_SUBJECT);
    private static final Sql KNOWN_CONTACT = Sql.of(ContactDao.KNOWN_BY_ADDRESS);
    private static final Sql INSERT_CONTACT = Sql.of(ContactDao.INSERT);
    private static final Sql ADD_EMAIL = Sql.of(ContactDao.ADD_EMAIL);
    private static final Sql FILL_NAME = Sql.of(ContactDao.FILL_NAME_IF_EMPTY);
    private static final Sql KEEP_MERGE_TARGET_INFO = Sql.of(ContactMergeDao.KEEP_TARGET_INFO);
    private static final Sql ORGANIZATIONS_BY_DOMAIN = Sql.of(OrganizationDao.IDS_BY_DOMAIN);
    private static final Sql INSERT_ORGANIZATION = Sql.of(OrganizationDao.INSERT);
    private static final Sql MERGE_RELATIONSHIP = Sql.of(RelationshipDao.MERGE);
    private static final Sql ADD_BONUS = Sql.of(RelationshipDao.ADD_BONUS);
    private static final Sql EARLIER_FROM_CONTACT = Sql.of(RelationshipDao.EARLIER_FROM_CONTACT);
    private static final Sql EARLIER_FROM_STAFF = Sql.of(RelationshipDao.EARLIER_FROM_STAFF);
    private static final Sql LATER_REPLIES_FROM_CONTACT = Sql.of(RelationshipDao.LATER_REPLIES_FROM_CONTACT);
    private static final Sql LATER_REPLIES_FROM_STAFF = Sql.of(RelationshipDao.LATER_REPLIES_FROM_STAFF);
    private static final Sql OPEN_NOTE = Sql.of(PendingCaptureDao.OPEN_ID);
    private static final Sql RESOLVE_NOTE = Sql.of(PendingCaptureDao.RESOLVE);

    private final Connection connection;
    private final Map<Sql, PreparedStatement> prepared = new IdentityHashMap<>();

    public CaptureStatements(Handle handle) {
        this(handle.getConnection());
    }

    private CaptureStatements(Connection connection) {
        this.connection = connection;
    }

    /**
     * The statements of one writer kept prepared from one transaction to the next, on the physical connection (the
     * pool closes what was prepared through its proxy when the connection goes back). For SQLite's single writer,
     * whose group transactions run the same dozen statements over and over: preparing them again for every group was
     * ~4 % of the writer's time under the capture benchmark (bench/README.md). A statement holds nothing between
     * uses: every result set is closed, which resets it.
     */
    public static final class Kept implements AutoCloseable {

        private CaptureStatements current;

        /** The kept statements, if they belong to this handle's physical connection; new ones otherwise. */
        public synchronized CaptureStatements on(Handle handle) {
            Connection physical;
            try {
                physical = handle.getConnection().unwrap(Connection.class);
            } catch (SQLException e) {
                throw new StoreException("capture statements: " + e.getMessage(), e);
            }
            if (current == null || current.connection != physical) {
                // The pool retires connections now and then: what was prepared on the old one goes with it.
                close();
                current = new CaptureStatements(physical);
            }
            return current;
        }

        /** Closes the kept statements; the next transaction prepares them again. */
        @Override
        public synchronized void close() {
            if (current != null) {
                CaptureStatements closing = current;
                current = null;
                try {
                    closing.close();
                } catch (StoreException e) {
                    // A statement of a connection the pool has closed: gone with it.
                }
            }
        }
    }

    public Optional<Long> messageIdByInternetMessageId(String internetMessageId) {
        return firstLong(bind(MESSAGE_BY_ID, "mid", internetMessageId));
    }

    public Optional<Long> messageIdByFingerprint(String fingerprint) {
        return firstLong(bind(MESSAGE_BY_FINGERPRINT, "fp", fingerprint));
    }

    public Optional<Long> messageIdByProviderRef(String provider, String providerId) {
        return firstLong(bind(MESSAGE_BY_REF, "provider", provider, "pid", providerId));
    }

    /** The new message's id, or empty when one with the same Message-ID or fingerprint is there already. */
    public Optional<Long> insertMessage(NewMessage m) {
        return firstLong(bind(INSERT_MESSAGE, "internetMessageId", m.internetMessageId(), "fingerprint", m.fingerprint(),
                "threadKey", m.threadKey(), "subject", m.subject(), "subjectNorm", m.subjectNorm(),
                "participantsHash", m.participantsHash(), "sentAt", m.sentAt(), "snippet", m.snippet(), "body", m.body(),
                "fromAddress", m.fromAddress(), "source", m.source(), "privateFlag", m.privateFlag(),
                "capturedBy", m.capturedBy(), "capturedAt", m.capturedAt()));
    }

    public void addCopy(long messageId, long userId, String source, long at) {
        update(bind(ADD_COPY, "messageId", messageId, "userId", userId, "source", source, "at", at));
    }

    public void addRef(String provider, String providerId, long messageId) {
        update(bind(ADD_REF, "provider", provider, "pid", providerId, "messageId", messageId));
    }

    public void addParty(PartyRow party, long sentAt) {
        update(bind(ADD_PARTY, "messageId", party.messageId(), "role", party.role(), "address", party.address(),
                "name", party.name(), "contactId", party.contactId(), "userId", party.userId(), "sentAt", sentAt));
    }

    public void markPrivate(long messageId) {
        update(bind(MARK_PRIVATE, "id", messageId));
    }

    /** A stored message as a capture answers it: Message-ID, thread, subject, date and privacy. */
    public StoredMessageRow storedMessage(long messageId) {
        PreparedStatement ps = bind(STORED_BY_ID, "id", messageId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("message " + messageId + " is not stored", null);
            }
            return new StoredMessageRow(messageId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getInt(5) != 0);
        } catch (SQLException e) {
            throw failed(STORED_BY_ID, e);
        }
    }

    /** The message's parties that are contacts, as (address, contact id). */
    public List<ContactEmailRow> contactParties(long messageId) {
        PreparedStatement ps = bind(CONTACT_PARTIES, "id", messageId);
        try (ResultSet rs = ps.executeQuery()) {
            List<ContactEmailRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new ContactEmailRow(rs.getString(1), rs.getLong(2)));
            }
            return rows;
        } catch (SQLException e) {
            throw failed(CONTACT_PARTIES, e);
        }
    }

    public Optional<String> threadKeyBySubject(String subjectNorm, String participantsHash, long from, long to) {
        PreparedStatement ps = bind(THREAD_BY_SUBJECT, "subject", subjectNorm, "participants", participantsHash, "from", from, "to", to);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw failed(THREAD_BY_SUBJECT, e);
        }
    }

    public Optional<KnownContact> knownContact(String address) {
        PreparedStatement ps = bind(KNOWN_CONTACT, "address", address);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new KnownContact(rs.getLong(1), rs.getBoolean(2))) : Optional.empty();
        } catch (SQLException e) {
            throw failed(KNOWN_CONTACT, e);
        }
    }

    /** {@code infoAt}: when the information it comes from dates from ({@link ContactDao#INSERT}). */
    public long insertContact(String name, Long organizationId, String source, Long createdBy, long at, long infoAt) {
        return firstLong(bind(INSERT_CONTACT, "name", name, "sortName", NameKey.of(name), "orgId", organizationId,
                "source", source, "createdBy", createdBy, "at", at, "infoAt", infoAt)).orElseThrow();
    }

    /** 0 when the address belongs to a contact already. */
    public int addEmail(String address, long contactId, long at) {
        return update(bind(ADD_EMAIL, "address", address, "contactId", contactId, "at", at));
    }

    /** True when the contact had no name and now has this one. */
    public boolean fillNameIfEmpty(long contactId, String name, long at, long infoAt) {
        return update(bind(FILL_NAME, "id", contactId, "name", name, "sortName", NameKey.of(name), "at", at,
                "infoAt", infoAt)) == 1;
    }

    /** {@link ContactMergeDao#KEEP_TARGET_INFO}: a message dated {@code infoAt} filled a field of the contact. */
    public void keepMergeTargetInfo(long contactId, long infoAt) {
        update(bind(KEEP_MERGE_TARGET_INFO, "id", contactId, "infoAt", infoAt));
    }

    public Optional<Long> organizationIdByDomain(String domain) {
        return firstLong(bind(ORGANIZATIONS_BY_DOMAIN, "domain", domain));
    }

    /** The new organisation's id, or empty when the domain has one already. */
    public Optional<Long> insertOrganization(String name, String domain, Long createdBy, long at) {
        return firstLong(bind(INSERT_ORGANIZATION, "name", name, "sortName", NameKey.of(name), "domain", domain,
                "createdBy", createdBy, "at", at));
    }

    @Override
    public void merge(long userId, long contactId, long firstAt, long lastAt, int sentCount, int receivedCount,
                      int messageCount, double score, long now) {
        update(bind(MERGE_RELATIONSHIP, "userId", userId, "contactId", contactId, "firstAt", firstAt, "lastAt", lastAt,
                "sentCount", sentCount, "receivedCount", receivedCount, "messageCount", messageCount, "score", score, "now", now));
    }

    @Override
    public void addBonus(long userId, long contactId, double bonus) {
        update(bind(ADD_BONUS, "userId", userId, "contactId", contactId, "bonus", bonus));
    }

    @Override
    public boolean answersEarlier(MessageKey m, long userId, long contactId, boolean staffWrote) {
        return firstLong(reciprocity(staffWrote ? EARLIER_FROM_CONTACT : EARLIER_FROM_STAFF, m, userId, contactId)).isPresent();
    }

    @Override
    public List<MessageKey> repliesAnsweringOnly(MessageKey m, long userId, long contactId, boolean staffWrote) {
        Sql sql = staffWrote ? LATER_REPLIES_FROM_CONTACT : LATER_REPLIES_FROM_STAFF;
        try (ResultSet rs = reciprocity(sql, m, userId, contactId).executeQuery()) {
            List<MessageKey> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new MessageKey(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
            }
            return rows;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    private PreparedStatement reciprocity(Sql sql, MessageKey m, long userId, long contactId) {
        return bind(sql, "userId", userId, "contactId", contactId, "thread", m.threadKey(), "id", m.id(), "sentAt", m.sentAt());
    }

    /** The user's oldest open "log when sent" note for this subject and these recipients ({@link PendingCaptureDao#open}). */
    public Optional<Long> openNote(long userId, String subjectNorm, String recipients, long since) {
        return firstLong(bind(OPEN_NOTE, "userId", userId, "subjectNorm", subjectNorm, "recipients", recipients, "since", since));
    }

    public void resolveNote(long noteId, long messageId, long at) {
        update(bind(RESOLVE_NOTE, "id", noteId, "messageId", messageId, "at", at));
    }

    /** Binds {@code namesAndValues} (name, value, name, value, ...) to every position of each name. */
    private PreparedStatement bind(Sql sql, Object... namesAndValues) {
        try {
            PreparedStatement ps = prepared.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql.positional());
                prepared.put(sql, ps);
            }
            String[] names = sql.names();
            for (int i = 0; i < names.length; i++) {
                JdbcParameters.set(ps, i + 1, valueOf(sql, names[i], namesAndValues));
            }
            return ps;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    private static Object valueOf(Sql sql, String name, Object[] namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equals(name)) {
                return namesAndValues[i + 1];
            }
        }
        throw new IllegalArgumentException("no value for :" + name + " in " + sql.positional());
    }

    private Optional<Long> firstLong(PreparedStatement ps) {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        } catch (SQLException e) {
            throw failed(null, e);
        }
    }

    private int update(PreparedStatement ps) {
        try {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(null, e);
        }
    }

    private static StoreException failed(Sql sql, SQLException e) {
        return new StoreException((sql == null ? "capture statement" : sql.positional()) + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        List<SQLException> errors = new ArrayList<>();
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                errors.add(e);
            }
        }
        prepared.clear();
        if (!errors.isEmpty()) {
            throw new StoreException("closing capture statements: " + errors.get(0).getMessage(), errors.get(0));
        }
    }
}
