package org.unsilo.importer.contacts;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Directory;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.capture.RobotSenders;
import org.unsilo.importer.ImportCounts;

/**
 * Address-book records from elsewhere than a file (mailbox sync's Graph and Google contacts) into contacts by the
 * same rules as an import ({@link ContactMerger}): one path, so a contact synced and later imported is one contact.
 */
public final class AddressBookWriter {

    private final ContactMerger merger;

    public AddressBookWriter(AddressParser parser, Directory directory, OrganizationInference organizations,
                             RobotSenders robots) {
        this.merger = new ContactMerger(parser, directory, organizations, robots);
    }

    /**
     * Applies {@code records} inside the caller's transaction, each in its own savepoint; the contacts it creates
     * are attributed to {@code ownerId} with {@code source}. Returns the counts under {@link ContactCounts} names.
     */
    public ImportCounts apply(Handle h, long ownerId, String source, long now, List<ContactRecord> records) {
        ContactMerger.Context ctx = new ContactMerger.Context(ownerId, source, now);
        ContactMerger.Tx tx = ContactMerger.Tx.of(h);
        ImportCounts counts = new ImportCounts();
        for (ContactRecord r : records) {
            h.savepoint("record");
            try {
                merger.apply(tx, r, ctx, counts, (handle, where, reason) -> { });
                h.releaseSavepoint("record");
            } catch (RuntimeException e) {
                h.rollbackToSavepoint("record");
                h.releaseSavepoint("record");
                counts.increment(ContactCounts.SKIPPED_FAILED);
            }
        }
        return counts;
    }
}
