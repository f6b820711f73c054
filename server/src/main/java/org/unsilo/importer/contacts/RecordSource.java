package org.unsilo.importer.contacts;

import java.io.IOException;

/** Records of one address-book file, read one at a time so that memory does not grow with the file. */
interface RecordSource extends AutoCloseable {

    /** The next record, or null at the end. A record that cannot be read comes back as {@link ContactRecord#unreadable}. */
    ContactRecord next() throws IOException;

    /** What was detected about the file (format details), for the summary. */
    String description();

    @Override
    void close() throws IOException;
}
