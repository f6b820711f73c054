package org.unsilo.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.InvalidCaptureException;
import org.unsilo.importer.ImportCounts;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.contacts.AddressBookWriter;
import org.unsilo.importer.contacts.ContactCounts;
import org.unsilo.importer.contacts.ContactRecord;
import org.unsilo.store.ConnectionDao;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.Database;
import org.unsilo.store.SyncCursorRow;

/**
 * What a provider's syncer hands its pages to. Each page is one transaction: its messages go through
 * {@link CaptureService} (so sync, add-ins and imports never store a message twice), its contacts through the
 * address-book rules of imports, and the stream's cursor and the round's counts are written in that same
 * transaction. A crash between pages therefore resumes at the first page not stored, and nothing is counted
 * that was not stored.
 */
public final class RoundWriter {

    /** How long a round holds its connection without storing a page before another process may take over. */
    static final long LEASE_MILLIS = 30 * 60_000;

    private final Database db;
    private final CaptureService captures;
    private final AddressBookWriter addressBook;
    private final ConnectionRow connection;
    private final long roundId;
    private final ImportProgress progress;
    private final Clock clock;

    RoundWriter(Database db, CaptureService captures, AddressBookWriter addressBook, ConnectionRow connection, long roundId,
                ImportProgress progress, Clock clock) {
        this.db = db;
        this.captures = captures;
        this.addressBook = addressBook;
        this.connection = connection;
        this.roundId = roundId;
        this.progress = progress;
        this.clock = clock;
    }

    public ConnectionRow connection() {
        return connection;
    }

    public List<String> folders() {
        return Connections.folders(connection);
    }

    public Optional<SyncCursorRow> cursor(String stream) {
        return db.read(h -> h.attach(ConnectionDao.class).cursor(connection.id(), stream));
    }

    /** Forgets a stream's cursor: its next listing starts from scratch (an expired delta or history). */
    public void reset(String stream) {
        db.write(h -> h.attach(ConnectionDao.class).deleteCursor(connection.id(), stream));
        progress.note("  " + stream + ": the provider asked for a full resync; starting that listing again");
    }

    /**
     * Stores one page of messages and moves the stream's cursor to {@code next} (null: the stream has no cursor to
     * keep). {@code fetched} counts every message the page listed, {@code removed} those the provider reported
     * deleted (the CRM keeps what it learned from them).
     */
    public void messages(String stream, List<Capture> page, int removed, Cursor next) {
        List<CaptureService.Prepared> prepared = new ArrayList<>(page.size());
        int invalid = 0;
        for (Capture c : page) {
            try {
                prepared.add(captures.prepare(c));
            } catch (InvalidCaptureException e) {
                // Not a usable message, or one with a domain its owner chose never to capture.
                invalid++;
            }
        }
        long skipped = invalid;
        long now = clock.millis();
        captures.storeAll(prepared, (h, attempts) -> {
            long created = attempts.stream().filter(a -> a.result() != null && a.result().created()).count();
            ConnectionDao dao = h.attach(ConnectionDao.class);
            dao.addPage(roundId, page.size(), attempts.size(), created, skipped, removed, 0, 0, 0);
            moveCursor(dao, stream, next, now);
        });
        progress.advance(page.size() + removed);
    }

    /** Stores one page of address-book entries and moves the stream's cursor, in one transaction. */
    public void contacts(String stream, List<ContactRecord> page, Cursor next) {
        long now = clock.millis();
        String source = "sync:" + connection.provider();
        db.write(h -> {
            ImportCounts c = addressBook.apply(h, connection.userId(), source, now, page);
            long stored = c.get(ContactCounts.CREATED) + c.get(ContactCounts.MERGED) + c.get(ContactCounts.UNCHANGED);
            ConnectionDao dao = h.attach(ConnectionDao.class);
            dao.addPage(roundId, 0, 0, 0, 0, 0, page.size(), stored, c.get(ContactCounts.CREATED));
            moveCursor(dao, stream, next, now);
            return null;
        });
        progress.advance(page.size());
    }

    private void moveCursor(ConnectionDao dao, String stream, Cursor next, long now) {
        if (next == null) {
            dao.deleteCursor(connection.id(), stream);
        } else {
            dao.putCursor(connection.id(), stream, next.kind(), next.value(), next.mark(), now);
        }
        dao.renewLease(connection.id(), now + LEASE_MILLIS);
    }
}
