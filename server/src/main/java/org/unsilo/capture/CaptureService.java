package org.unsilo.capture;

import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.google.common.util.concurrent.Uninterruptibles;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.unsilo.capture.CaptureResult.ContactOutcome;
import org.unsilo.capture.CaptureResult.OrganizationOutcome;
import org.unsilo.capture.CaptureResult.Rejected;
import org.unsilo.capture.CaptureResult.Skipped;
import org.unsilo.capture.CaptureResult.StoredMessage;
import org.unsilo.relationships.RelationshipUpdater;
import org.unsilo.store.CaptureStatements;
import org.unsilo.store.Changes;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ContactEmailRow;
import org.unsilo.store.Database;
import org.unsilo.store.KnownContact;
import org.unsilo.store.MessageDao;
import org.unsilo.store.NewMessage;
import org.unsilo.store.PartyRow;
import org.unsilo.store.StoredMessageRow;

/**
 * The one path every captured e-mail takes (DESIGN.md §5): parse and normalise the people on it, tell
 * staff from contacts, infer organisations, store the message once (by Message-ID or content
 * fingerprint) with the capturing user as a copy owner, and update relationships in the same
 * transaction.
 *
 * <p>Group commit: on SQLite every write goes through one connection, and a transaction per capture spent most of
 * its time in BEGIN/COMMIT (WAL append and fsync) while the other callers waited for the connection. So concurrent
 * {@link #capture} calls are queued and one writer thread stores up to {@link #MAX_GROUP} of them in one
 * transaction. Should one of them fail, the transaction is rolled back and the group stored again, each capture in its
 * own SAVEPOINT, so that only the failing one is rolled back; after the single COMMIT every caller gets its own result
 * or exception. A caller is answered only after the commit that holds its capture, so a 201 still means "stored".
 * Captures in one group run one after the other on one connection, so a capture sees everything stored by the
 * captures before it (idempotency holds within a group as across groups).
 */
public final class CaptureService implements AutoCloseable {

    private static final long THREAD_WINDOW_MILLIS = TimeUnit.DAYS.toMillis(30);
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
    /** Why a suppressed address is turned away (DESIGN.md §5, README "Privacy operations"). */
    public static final String ERASED = "erased on request";

    private final Database db;
    private final AddressParser parser;
    private final OrganizationInference organizations;
    private final RobotSenders robots;
    private final Directory directory;
    private final RelationshipUpdater relationships;
    private final boolean storeBodies;
    private final Clock clock;
    private final SignatureExtractor signatures;
    private final PendingCaptures pending;
    private final SignatureEnrichment enrichment = new SignatureEnrichment();

    /** Most captures stored in one transaction: enough to amortise a commit, small enough to answer quickly. */
    static final int MAX_GROUP = 64;

    /** A queued capture and how its caller is answered. */
    private record Pending(Prepared prepared, CompletableFuture<CaptureResult> result) {
    }

    private final boolean groupCommit;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    // True while a drain task is scheduled or running on the writer; at most one at a time.
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ExecutorService writer;
    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong grouped = new AtomicLong();
    /** The group transactions' statements, kept prepared on the writer connection between groups. */
    private final CaptureStatements.Kept groupStatements = new CaptureStatements.Kept();

    public CaptureService(Database db, AddressParser parser, OrganizationInference organizations, RobotSenders robots,
                          Directory directory, RelationshipUpdater relationships, PendingCaptures pending,
                          boolean storeBodies, Clock clock) {
        this(db, parser, organizations, robots, directory, relationships, pending, storeBodies, clock,
                SignatureExtractor.builtIn(organizations));
    }

    public CaptureService(Database db, AddressParser parser, OrganizationInference organizations, RobotSenders robots,
                          Directory directory, RelationshipUpdater relationships, PendingCaptures pending,
                          boolean storeBodies, Clock clock, SignatureExtractor signatures) {
        this.db = db;
        this.parser = parser;
        this.organizations = organizations;
        this.robots = robots;
        this.directory = directory;
        this.relationships = relationships;
        this.storeBodies = storeBodies;
        this.clock = clock;
        this.signatures = signatures;
        this.pending = pending;
        // Only a single writer connection (SQLite) is relieved by grouping; a server database keeps one
        // transaction per capture on its own pooled connection.
        this.groupCommit = db.dialect().singleWriter();
        this.writer = Executors.newSingleThreadExecutor(
                new ThreadFactoryBuilder().setNameFormat("unsilo-capture-writer").setDaemon(true).build());
    }

    /**
     * The statements of one capture transaction: the hot ones as plain JDBC ({@link CaptureStatements}, prepared once
     * per transaction, or kept from one group transaction to the next on the single writer), the rare ones through
     * DAOs, each attached at most once (attaching a Jdbi SqlObject builds a handler for every method of the interface,
     * which cost more than the queries of a capture).
     */
    private static final class Daos implements AutoCloseable {
        private final Handle handle;
        private final CaptureStatements.Kept kept;
        private CaptureStatements sql;
        private MessageDao messages;
        private ContactDao contacts;
        /** Whether a signature renamed an organisation, which every contact there shows. */
        private boolean organizationRenamed;

        Daos(Handle handle) {
            this(handle, null);
        }

        Daos(Handle handle, CaptureStatements.Kept kept) {
            this.handle = handle;
            this.kept = kept;
        }

        CaptureStatements sql() {
            if (sql == null) {
                sql = kept == null ? new CaptureStatements(handle) : kept.on(handle);
            }
            return sql;
        }

        MessageDao messages() {
            if (messages == null) {
                messages = handle.attach(MessageDao.class);
            }
            return messages;
        }

        ContactDao contacts() {
            if (contacts == null) {
                contacts = handle.attach(ContactDao.class);
            }
            return contacts;
        }

        @Override
        public void close() {
            if (sql != null && kept == null) {
                sql.close();
            }
        }
    }

    /**
     * A party as it will be stored: parsed address, its role, whether its domain is the company's and its organisation
     * domain (null for free mail and company domains) — both worked out in {@link #prepare}, on the caller's thread, so
     * that the public-suffix look-ups stay off the single writer.
     */
    record Resolved(ParsedParty parsed, String role, boolean internalDomain, String organizationDomain) {
        String address() {
            return parsed.email().address();
        }
    }

    private Resolved resolved(ParsedParty parsed, String role) {
        String domain = parsed.email().domain();
        boolean internal = directory.isInternalDomain(domain);
        return new Resolved(parsed, role, internal, internal ? null : organizations.organizationDomain(domain).orElse(null));
    }

    /**
     * One capture, stored atomically (in a group transaction, see the class comment); returns after it is committed.
     * Invalid input fails here, in the caller's thread, before anything is queued.
     */
    public CaptureResult capture(Capture capture) {
        Prepared prepared = prepare(capture);
        if (!groupCommit) {
            return db.writeInTurn(turnKeys(prepared), handle -> {
                try (Daos daos = new Daos(handle)) {
                    return store(daos, prepared);
                }
            });
        }
        Pending pending = new Pending(prepared, new CompletableFuture<>());
        queue.add(pending);
        scheduleDrain();
        try {
            // Uninterruptibly: the capture is queued and will be committed; answering before that would turn a
            // stored capture into an error for the client.
            return Uninterruptibles.getUninterruptibly(pending.result());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * What a capture may create or update, for captures on several servers to take turns on (PostgreSQL): the
     * message (by Message-ID and fingerprint), each outside address (its contact) and each organisation domain. So
     * the second of two identical captures finds the first one's message instead of racing it. Staff addresses and
     * company domains are left out: nothing is created for them, and every capture names one.
     */
    private List<String> turnKeys(Prepared p) {
        List<String> keys = new ArrayList<>();
        keys.add("fingerprint:" + p.fingerprint());
        if (p.internetMessageId() != null) {
            keys.add("message-id:" + p.internetMessageId());
        }
        for (Resolved party : p.parties().values()) {
            EmailAddress email = party.parsed().email();
            if (!party.internalDomain()) {
                keys.add("address:" + email.address());
                if (party.organizationDomain() != null) {
                    keys.add("domain:" + party.organizationDomain());
                }
            }
        }
        return keys;
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // Shut down (App.close) while requests were still arriving: store in the caller's thread instead,
                // so nothing queued is left behind.
                drain();
            }
        }
    }

    /** Stores queued captures, group by group, until the queue is empty. */
    private void drain() {
        while (true) {
            List<Pending> group = new ArrayList<>(MAX_GROUP);
            for (Pending p; group.size() < MAX_GROUP && (p = queue.poll()) != null; ) {
                group.add(p);
            }
            if (group.isEmpty()) {
                draining.set(false);
                // A capture queued after our last poll but before the flag was cleared found it set and did not
                // schedule a drain: take it over if nobody else has.
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            storeGroup(group);
        }
    }

    private void storeGroup(List<Pending> group) {
        List<Object> outcomes = new ArrayList<>(group.size());
        try {
            try {
                commitGroup(group, outcomes, false);
            } catch (CaptureFailed e) {
                // Nothing of the group was kept. Again, each capture in a savepoint: only the failing one fails.
                groupStatements.close();
                commitGroup(group, outcomes, true);
            }
        } catch (Throwable e) {
            // Prepared again for the next group: nothing of a failed transaction is carried over.
            groupStatements.close();
            // The transaction itself failed (BEGIN or COMMIT, or a savepoint could not be rolled back): nothing of
            // this group is stored, and every caller learns so.
            // Not rethrown: the writer must keep serving the queue (an escaping error would leave it marked busy).
            group.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        groups.incrementAndGet();
        grouped.addAndGet(group.size());
        for (int i = 0; i < group.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof CaptureResult r) {
                group.get(i).result().complete(r);
            } else {
                group.get(i).result().completeExceptionally((Throwable) outcome);
            }
        }
    }

    /** Stores the group in one transaction; {@code outcomes} gets each capture's result or exception, in order. */
    private void commitGroup(List<Pending> group, List<Object> outcomes, boolean savepoints) {
        Changes changes = Changes.collect();
        db.write(changes, handle -> {
            outcomes.clear();
            try (Daos daos = new Daos(handle, groupStatements)) {
                if (savepoints) {
                    storeEachInSavepoint(handle, daos, group, outcomes);
                } else {
                    storeAll(daos, group, outcomes);
                }
                reportChanges(group, outcomes, daos, changes);
            }
            return null;
        });
    }

    /**
     * Every capture of a group in the one transaction, with no savepoints: a savepoint makes SQLite copy each page
     * before its first change in it, ~80 pages per capture, and a capture failing in the writer is rare (bad input
     * fails before it is queued). When one does fail, the whole transaction is rolled back ({@link CaptureFailed}).
     */
    private void storeAll(Daos daos, List<Pending> group, List<Object> outcomes) {
        for (Pending pending : group) {
            try {
                outcomes.add(store(daos, pending.prepared()));
            } catch (RuntimeException e) {
                throw new CaptureFailed(e);
            }
        }
    }

    /** Each capture of a group in its own savepoint, so that one that fails is undone alone. */
    private void storeEachInSavepoint(Handle handle, Daos daos, List<Pending> group, List<Object> outcomes) {
        for (int i = 0; i < group.size(); i++) {
            String savepoint = "capture" + i;
            handle.savepoint(savepoint);
            try {
                outcomes.add(store(daos, group.get(i).prepared()));
                handle.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                // Undo this capture's partial writes only; the others in the group are unaffected. (Jdbi
                // forgets the savepoint on rollback, so it is not released again.)
                handle.rollbackToSavepoint(savepoint);
                outcomes.add(e);
            }
        }
    }

    /** A capture of a group stored without savepoints failed: the group is stored again, with them. */
    private static final class CaptureFailed extends RuntimeException {
        CaptureFailed(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * What lookups show that a group changed: each stored capture's contacts (their messages and relationships) and
     * addresses (which may have become contacts), and everything if a signature renamed an organisation.
     */
    private static void reportChanges(List<Pending> group, List<Object> outcomes, Daos daos, Changes changes) {
        if (daos.organizationRenamed) {
            changes.markEverything();
        }
        for (int i = 0; i < group.size(); i++) {
            if (outcomes.get(i) instanceof CaptureResult r) {
                changes.contacts(r.contacts().stream().map(CaptureResult.ContactOutcome::id).toList());
                changes.addresses(group.get(i).prepared().parties().keySet());
            }
        }
    }

    /** Group transactions committed and captures stored through them so far (for tests and diagnostics). */
    public long[] groupCommitCounts() {
        return new long[] {groups.get(), grouped.get()};
    }

    /**
     * Stores every capture queued so far and stops the writer thread. Captures arriving afterwards are stored in
     * their caller's thread (and fail once the database is closed).
     */
    @Override
    public void close() {
        // A minute for the queued captures to be stored, then the writer is interrupted (and waited for as long).
        MoreExecutors.shutdownAndAwaitTermination(writer, Duration.ofMinutes(2));
        // Anything queued while the last drain was finishing.
        if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            drain();
        }
        groupStatements.close();
    }

    /** The outcome of one capture of a batch: a result, or why it could not be stored. */
    public record Attempt(Capture capture, CaptureResult result, InvalidCaptureException error) {
    }

    /**
     * Many captures in one transaction — how imports and sync reach thousands of messages a second on a
     * single writer. {@code inSameTransaction} runs last in that transaction, so a checkpoint written
     * there commits exactly with the captures it covers. Invalid captures are reported, not fatal.
     */
    public List<Attempt> captureAll(List<Capture> captures, Consumer<Handle> inSameTransaction) {
        List<Attempt> attempts = new ArrayList<>(captures.size());
        List<Prepared> valid = new ArrayList<>(captures.size());
        for (Capture c : captures) {
            try {
                valid.add(prepare(c));
            } catch (InvalidCaptureException e) {
                attempts.add(new Attempt(c, null, e));
            }
        }
        List<Attempt> stored = storeAll(valid, (handle, done) -> inSameTransaction.accept(handle));
        List<Attempt> out = new ArrayList<>(attempts);
        out.addAll(stored);
        return out;
    }

    /**
     * Stores captures already {@link #prepare prepared} (an importer prepares them on its parse threads) in one
     * write transaction; {@code inSameTransaction} then sees the outcomes, e.g. to count them into a checkpoint
     * that commits with them.
     */
    public List<Attempt> storeAll(List<Prepared> prepared, BiConsumer<Handle, List<Attempt>> inSameTransaction) {
        return db.write(handle -> {
            List<Attempt> out = new ArrayList<>(prepared.size());
            try (Daos daos = new Daos(handle)) {
                for (Prepared p : prepared) {
                    out.add(new Attempt(p.capture(), store(daos, p), null));
                }
            }
            inSameTransaction.accept(handle, out);
            return out;
        });
    }

    /**
     * Everything about a capture that can be worked out without the database — including the sender's
     * signature, read here, outside the write transaction, from the body text even when the policy
     * stores only a snippet (the text is in memory now and is not kept).
     */
    public record Prepared(Capture capture, ParsedParty from, Map<String, Resolved> parties, List<Rejected> rejected,
                            long now, long sentAt, String subjectNorm, String snippet, String body, String fingerprint,
                            String participantsHash, String internetMessageId, boolean listMail,
                            SignatureExtractor.Signature signature, String noteRecipients) {

        /**
         * When what this message says about its people dates from: its sent date, but never later than its capture
         * (a sender's clock can run ahead). Contacts it creates or fills carry it, so that mail from 2001, captured
         * today, does not make anyone read as updated now on the dashboard (ContactDao.INSERT).
         */
        public long informationAt() {
            return Math.min(sentAt, now);
        }
    }

    /** Parses and normalises a capture without touching the database; throws {@link InvalidCaptureException}. */
    public Prepared prepare(Capture capture) {
        ParsedParty from = parser.parse(capture.from());
        if (!from.isValid()) {
            throw new InvalidCaptureException("from", "sender address is not valid: " + from.error());
        }
        if (directory.isSuppressed(from.email())) {
            throw new InvalidCaptureException("from", "the sender was " + ERASED + "; an admin can lift the suppression");
        }
        List<Rejected> rejected = new ArrayList<>();
        Map<String, Resolved> parties = new LinkedHashMap<>();
        parties.put(from.email().address(), resolved(from, "from"));
        addRecipients(capture.to(), "to", parties, rejected);
        addRecipients(capture.cc(), "cc", parties, rejected);
        refuseErasedConversation(parties, rejected);
        refuseNeverCaptured(capture.capturedBy(), parties.values());

        long now = clock.millis();
        long sentAt = capture.sentAt() != null ? capture.sentAt().toEpochMilli() : now;
        String subjectNorm = MessageText.normaliseSubject(capture.subject());
        String body = capture.bodyText();
        MessageText.Digest text = MessageText.digest(body != null ? body : capture.snippet());
        String snippet = capture.snippet() != null ? MessageText.snippet(capture.snippet())
                : body != null ? text.snippet() : null;
        String fingerprint = fingerprint(from.email().address(), parties, sentAt, subjectNorm, text);
        String participantsHash = sha256(String.join(",", new TreeSet<>(parties.keySet())));
        boolean listMail = RobotSenders.isListOrBulk(capture.headers());
        // A message its capturer sent may resolve their "log when sent" note: its key is worked out here, off the writer.
        long capturer = capture.capturedBy();
        String noteRecipients = directory.staffMember(from.email().address()).filter(id -> id == capturer).isPresent()
                ? pending.recipientsOf(capture) : null;
        return new Prepared(capture, from, parties, rejected, now, sentAt, subjectNorm, snippet, body, fingerprint,
                participantsHash, normaliseMessageId(capture.internetMessageId()), listMail,
                senderSignature(from, body, listMail), noteRecipients);
    }

    /** A staff member's personal never-capture domains (their bank, their doctor) keep the whole message out. */
    private void refuseNeverCaptured(long userId, Iterable<Resolved> parties) {
        for (Resolved party : parties) {
            EmailAddress email = party.parsed().email();
            if (directory.isNeverCaptured(userId, email)) {
                throw new InvalidCaptureException(party.role(), "the message involves " + email.domain()
                        + ", a domain you chose never to capture (web view: Settings, Privacy)");
            }
        }
    }

    /**
     * Only a person outside the company can be enriched: staff are not contacts, and list mail and robots
     * end in footers that are nobody's signature. Whether the sender is (or becomes) a contact is settled
     * in the transaction; this only avoids reading signatures that could never be used.
     */
    private SignatureExtractor.Signature senderSignature(ParsedParty from, String body, boolean listMail) {
        if (body == null || listMail || robots.isRobot(from.email()) || directory.isInternalDomain(from.email().domain())) {
            return null;
        }
        return signatures.extract(body, from.name(), from.email()).orElse(null);
    }

    private CaptureResult store(Daos daos, Prepared p) {
        Capture capture = p.capture();
        long now = p.now();
        CaptureStatements sql = daos.sql();
        Optional<Long> existing = findExisting(sql, capture, p.internetMessageId(), p.fingerprint());
        if (existing.isPresent()) {
            resolveNote(sql, p, existing.get());
            return recordCopy(daos, existing.get(), capture, p.rejected(), now);
        }
        List<ContactOutcome> contacts = new ArrayList<>();
        List<OrganizationOutcome> orgs = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<PartyRow> rows = new ArrayList<>();
        for (Resolved party : p.parties().values()) {
            rows.add(resolve(daos, party, p, contacts, orgs, skipped));
        }
        String threadKey = threadKey(daos, capture, p.subjectNorm(), p.participantsHash(), p.sentAt(), p.fingerprint());
        NewMessage m = new NewMessage(p.internetMessageId(), p.fingerprint(), threadKey, capture.subject(), p.subjectNorm(),
                p.participantsHash(), p.sentAt(), p.snippet(), storeBodies ? p.body() : null, p.from().email().address(),
                capture.source().wireName(), capture.markPrivate() ? 1 : 0, capture.capturedBy(), now);
        Optional<Long> inserted = sql.insertMessage(m);
        if (inserted.isEmpty()) {
            // Another server inserted the same message between our look-up and insert (PostgreSQL).
            long id = findExisting(sql, capture, p.internetMessageId(), p.fingerprint()).orElseThrow();
            resolveNote(sql, p, id);
            return recordCopy(daos, id, capture, p.rejected(), now);
        }
        long messageId = inserted.get();
        sql.addCopy(messageId, capture.capturedBy(), capture.source().wireName(), now);
        addProviderRef(sql, capture, messageId);
        List<PartyRow> stored = new ArrayList<>();
        for (PartyRow row : rows) {
            PartyRow withId = new PartyRow(messageId, row.role(), row.address(), row.name(), row.contactId(), row.userId());
            sql.addParty(withId, p.sentAt());
            stored.add(withId);
        }
        relationships.onMessage(sql, messageId, threadKey, threadKey.equals(newThreadKey(p.fingerprint())),
                p.sentAt(), stored, now);
        enrichSender(daos, p, stored, messageId, now);
        resolveNote(sql, p, messageId);
        StoredMessage sm = new StoredMessage(messageId, p.internetMessageId(), threadKey, capture.subject(),
                Instant.ofEpochMilli(p.sentAt()), capture.markPrivate());
        return new CaptureResult(sm, true, contacts, orgs, p.rejected(), skipped);
    }

    /** A message its capturer sent may be the one their compose pane noted for "log when sent". */
    private void resolveNote(CaptureStatements sql, Prepared p, long messageId) {
        if (p.noteRecipients() != null) {
            pending.resolve(sql, p.capture(), p.noteRecipients(), messageId);
        }
    }

    /** A new message from an outside contact with a signature fills that contact's empty fields. */
    private void enrichSender(Daos daos, Prepared p, List<PartyRow> stored, long messageId, long now) {
        if (p.signature() == null) {
            return;
        }
        for (PartyRow row : stored) {
            if (row.role().equals("from") && row.contactId() != null && row.userId() == null) {
                daos.organizationRenamed |= enrichment.apply(daos.handle, row.contactId(), p.signature(), messageId, now,
                        p.informationAt());
            }
        }
    }

    private void addRecipients(List<Party> input, String role, Map<String, Resolved> parties, List<Rejected> rejected) {
        for (Party party : input) {
            ParsedParty parsed = parser.parse(party);
            if (!parsed.isValid()) {
                rejected.add(new Rejected(party.original(), parsed.error()));
            } else if (directory.isSuppressed(parsed.email())) {
                // An erased person is not stored again, not even as a bare address on a message.
                rejected.add(new Rejected(party.original(), ERASED));
            } else {
                parties.putIfAbsent(parsed.email().address(), resolved(parsed, role));
            }
        }
    }

    /**
     * A message whose only outside people were erased on request would store that person's conversation again
     * (subject, text, dates) with nobody left to name it: refused as a whole rather than silently kept.
     */
    private void refuseErasedConversation(Map<String, Resolved> parties, List<Rejected> rejected) {
        if (rejected.stream().noneMatch(r -> ERASED.equals(r.reason()))) {
            return;
        }
        boolean outsiderLeft = parties.values().stream().anyMatch(p -> !directory.isInternal(p.parsed().email()));
        if (!outsiderLeft) {
            throw new InvalidCaptureException("to", "every outside recipient was " + ERASED
                    + "; an admin can lift the suppression");
        }
    }

    private Optional<Long> findExisting(CaptureStatements sql, Capture capture, String internetMessageId, String fingerprint) {
        if (internetMessageId != null) {
            Optional<Long> byId = sql.messageIdByInternetMessageId(internetMessageId);
            if (byId.isPresent()) {
                return byId;
            }
        }
        if (capture.providerMessageId() != null) {
            Optional<Long> byRef = sql.messageIdByProviderRef(capture.source().provider(), capture.providerMessageId());
            if (byRef.isPresent()) {
                return byRef;
            }
        }
        return sql.messageIdByFingerprint(fingerprint);
    }

    private CaptureResult recordCopy(Daos daos, long messageId, Capture capture, List<Rejected> rejected, long now) {
        CaptureStatements sql = daos.sql();
        sql.addCopy(messageId, capture.capturedBy(), capture.source().wireName(), now);
        addProviderRef(sql, capture, messageId);
        if (capture.markPrivate()) {
            sql.markPrivate(messageId);
        }
        StoredMessageRow stored = sql.storedMessage(messageId);
        List<ContactOutcome> contacts = new ArrayList<>();
        for (ContactEmailRow p : sql.contactParties(messageId)) {
            contacts.add(new ContactOutcome(p.contactId(), p.address(), false));
        }
        StoredMessage sm = new StoredMessage(messageId, stored.internetMessageId(), stored.threadKey(), stored.subject(),
                Instant.ofEpochMilli(stored.sentAt()), stored.privateFlag());
        return new CaptureResult(sm, false, contacts, List.of(), rejected, List.of());
    }

    private static void addProviderRef(CaptureStatements sql, Capture capture, long messageId) {
        if (capture.providerMessageId() != null) {
            sql.addRef(capture.source().provider(), capture.providerMessageId(), messageId);
        }
    }

    private PartyRow resolve(Daos daos, Resolved p, Prepared message, List<ContactOutcome> contacts,
                             List<OrganizationOutcome> orgs, List<Skipped> skipped) {
        Capture capture = message.capture();
        long now = message.now();
        EmailAddress email = p.parsed().email();
        String name = p.parsed().name();
        Optional<Long> staff = directory.staffMember(email.address());
        if (staff.isPresent()) {
            return new PartyRow(0, p.role(), email.address(), name, null, staff.get());
        }
        if (p.internalDomain()) {
            skipped.add(new Skipped(email.address(), "internal (company domain)"));
            return new PartyRow(0, p.role(), email.address(), name, null, null);
        }
        CaptureStatements sql = daos.sql();
        Optional<KnownContact> known = sql.knownContact(email.address());
        if (known.isPresent()) {
            long contactId = known.get().contactId();
            if (name != null && known.get().unnamed()
                    && sql.fillNameIfEmpty(contactId, name, now, message.informationAt())) {
                sql.keepMergeTargetInfo(contactId, message.informationAt());
            }
            contacts.add(new ContactOutcome(contactId, email.address(), false));
            return new PartyRow(0, p.role(), email.address(), name, contactId, null);
        }
        String reason = directory.isBlocked(email) ? "blocked by an admin rule"
                : robots.isRobot(email) ? "automated sender"
                : message.listMail() ? "mailing-list or bulk message"
                : null;
        if (reason != null) {
            skipped.add(new Skipped(email.address(), reason));
            return new PartyRow(0, p.role(), email.address(), name, null, null);
        }
        Long orgId = p.organizationDomain() == null ? null
                : organizationFor(sql, p.organizationDomain(), capture.capturedBy(), now, orgs);
        long contactId = sql.insertContact(name, orgId, capture.source().wireName(), capture.capturedBy(), now,
                message.informationAt());
        if (sql.addEmail(email.address(), contactId, now) == 0) {
            // Another server stored this address since the look-up above (PostgreSQL, where the insert waited for
            // its commit): that contact is the one, and ours, still without an address, goes.
            ContactDao contactDao = daos.contacts();
            contactDao.delete(contactId);
            long winner = contactDao.idByAddress(email.address()).orElseThrow();
            contacts.add(new ContactOutcome(winner, email.address(), false));
            return new PartyRow(0, p.role(), email.address(), name, winner, null);
        }
        contacts.add(new ContactOutcome(contactId, email.address(), true));
        return new PartyRow(0, p.role(), email.address(), name, contactId, null);
    }

    private long organizationFor(CaptureStatements sql, String domain, long userId, long now, List<OrganizationOutcome> orgs) {
        Optional<Long> existing = sql.organizationIdByDomain(domain);
        if (existing.isPresent()) {
            orgs.add(new OrganizationOutcome(existing.get(), domain, false));
            return existing.get();
        }
        Optional<Long> created = sql.insertOrganization(OrganizationInference.nameFromDomain(domain), domain, userId, now);
        long id = created.orElseGet(() -> sql.organizationIdByDomain(domain).orElseThrow());
        orgs.add(new OrganizationOutcome(id, domain, created.isPresent()));
        return id;
    }

    private String threadKey(Daos daos, Capture capture, String subjectNorm, String participantsHash,
                             long sentAt, String fingerprint) {
        if (capture.threadId() != null && !capture.threadId().isBlank()) {
            return "p:" + capture.source().provider() + ":" + capture.threadId();
        }
        List<String> referenced = referencedMessageIds(capture.headers());
        if (!referenced.isEmpty()) {
            Optional<String> byReference = daos.messages().threadKeyOfAny(referenced);
            if (byReference.isPresent()) {
                return byReference.get();
            }
        }
        if (!subjectNorm.isEmpty()) {
            Optional<String> bySubject = daos.sql().threadKeyBySubject(subjectNorm, participantsHash,
                    sentAt - THREAD_WINDOW_MILLIS, sentAt + THREAD_WINDOW_MILLIS);
            if (bySubject.isPresent()) {
                return bySubject.get();
            }
        }
        return newThreadKey(fingerprint);
    }

    /** The key of a thread this message starts: unique to its content, so no other message is in that thread yet. */
    private static String newThreadKey(String fingerprint) {
        return "t:" + fingerprint.substring(0, 24);
    }

    private static List<String> referencedMessageIds(Map<String, String> headers) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().toLowerCase(java.util.Locale.ROOT);
            if ((name.equals("in-reply-to") || name.equals("references")) && h.getValue() != null) {
                Matcher m = MESSAGE_ID.matcher(h.getValue());
                while (m.find()) {
                    ids.add(m.group());
                }
            }
        }
        return ids;
    }

    /** Message-IDs are compared with their angle brackets, as RFC 5322 writes them. */
    static String normaliseMessageId(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String trimmed = id.trim();
        return trimmed.startsWith("<") ? trimmed : "<" + trimmed + ">";
    }

    /**
     * Content fingerprint (DESIGN.md §5.5): copies of one mail with different Message-IDs — filed in
     * several folders, or seen in two mailboxes — share sender, recipients, minute, subject and text.
     */
    private static String fingerprint(String from, Map<String, Resolved> parties, long sentAt, String subjectNorm,
                                      MessageText.Digest body) {
        TreeSet<String> recipients = new TreeSet<>(parties.keySet());
        recipients.remove(from);
        String text = String.join("\n", from, String.join(",", recipients),
                Long.toString(sentAt / 60_000), subjectNorm, body.sha256());
        return sha256(text);
    }

    private static String sha256(String s) {
        return Hashing.sha256().hashString(s, StandardCharsets.UTF_8).toString();
    }
}
