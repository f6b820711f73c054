package org.unsilo.bench;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.unsilo.contacts.LookupService;
import org.unsilo.store.ContactEmailRow;
import org.unsilo.store.ContactRow;
import org.unsilo.store.Database;
import org.unsilo.store.LookupReads;

/**
 * The lookup's floor: the server's own reads of a lookup that finds nothing in memory ({@link LookupReads}: the
 * contacts of the addresses, their organisations, addresses, staff who know them and newest conversations), run in
 * this JVM on a copy of the same database through the server's {@link Database} (its read pool and settings) — no
 * HTTP, JSON, address checks, views or lookup cache. A lookup that has to read cannot go faster than this; the ratio
 * to the hello route shows how much of the lookup target can only come from answers kept in memory.
 */
final class LookupReadsBaseline implements AutoCloseable {

    /** Threads: the size of the server's read pool ({@code store.Dialect}). */
    static final int THREADS = 8;

    private final Database db;

    LookupReadsBaseline(String jdbcUrl) {
        db = Database.open(jdbcUrl);
    }

    /** Lookups {@code from} to {@code from + count} of {@code lookups}; one fails unless every address has a contact. */
    HttpLoad.Result run(String label, List<List<String>> lookups, int from, int count) throws InterruptedException {
        return ClosedLoop.run(label, THREADS, count, i -> read(lookups.get(from + i)));
    }

    private boolean read(List<String> addresses) {
        return db.read(h -> {
            LookupReads reads = new LookupReads(h);
            List<ContactEmailRow> owners = reads.contactIdsOf(addresses);
            List<Long> ids = owners.stream().map(ContactEmailRow::contactId).distinct().toList();
            List<ContactRow> contacts = reads.contactsByIds(ids);
            Set<Long> orgIds = contacts.stream().map(ContactRow::organizationId).filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            if (!orgIds.isEmpty()) {
                reads.organizationsByIds(orgIds);
            }
            reads.emailsOfAll(ids);
            reads.knownBy(ids);
            reads.recentConversations(ids, LookupService.RECENT_LIMIT);
            return owners.size() == addresses.size() && contacts.size() == ids.size();
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
