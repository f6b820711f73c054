package org.unsilo.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The first page of {@link MessageDao#TIMELINE_OF_CONTACT} for each of several contacts, as a lookup needs it, read
 * once for every viewer: a lookup keeps it and works out each viewer's page from it.
 *
 * <p>The timeline's exact filters (one row per message, private messages only for their copy owners) cost a
 * correlated sub-query per party row, and in one statement for several contacts SQLite planned them badly: ~140 µs
 * per contact. Here each contact gets a plain branch that reads the newest few party rows straight from the index
 * {@code (contact_id, sent_at DESC, message_id DESC)}, all branches in one {@code UNION ALL}; the copy owners of the
 * private ones among them are read next, and the two filters are applied to those few rows in Java, per viewer. Only
 * when they drop so many rows that a viewer's page might be short is that page read with the exact timeline query
 * ({@link #exact}) — which needs a contact with several private or doubly-addressed messages among its newest ones.
 */
public final class RecentConversations {

    /** Rows read beyond the page, so the usual private or duplicate row does not force the exact query. */
    private static final int SLACK = 2;
    /** Contacts per statement; SQLite allows 500 terms in a compound SELECT. */
    private static final int MAX_BRANCHES = 50;
    /** The timeline's order: {@code sent_at DESC, message_id DESC}. */
    private static final Comparator<ContactConversationRow> NEWEST_FIRST = Comparator
            .comparingLong(ContactConversationRow::sentAt).thenComparingLong(ContactConversationRow::id).reversed();
    /** Statement text for 1..MAX_BRANCHES contacts, at index size - 1. */
    private static final List<String> SQL_BY_SIZE = sqlBySize();
    private static final String COPY_OWNERS = "SELECT message_id, user_id FROM message_copy WHERE message_id IN (<ids>)";

    private RecentConversations() {
    }

    /**
     * One contact's newest party rows, newest first (a message addressed to them twice comes twice), with the copy
     * owners of the private messages among them; {@code more}: the contact has older rows than these.
     */
    public record Page(List<ConversationRow> rows, Map<Long, Set<Long>> copyOwners, boolean more, int limit) {

        /** Whether every viewer gets the same page: no private message among the rows. */
        public boolean sameForEveryone() {
            return copyOwners.isEmpty();
        }

        /**
         * Positions in {@link #rows} of the page {@code viewer} may see; null when the rows hidden from them leave it
         * short while the contact has older ones: then only {@link #exact} tells.
         */
        public List<Integer> visibleTo(long viewer) {
            List<Integer> page = new ArrayList<>(limit);
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < rows.size() && page.size() < limit; i++) {
                ConversationRow row = rows.get(i);
                boolean hidden = row.privateFlag() && !copyOwners.getOrDefault(row.id(), Set.of()).contains(viewer);
                if (!hidden && seen.add(row.id())) {
                    page.add(i);
                }
            }
            return page.size() < limit && more ? null : page;
        }
    }

    /** Newest rows of each contact for a page of at most {@code limit}, keyed by contact id. */
    public static Map<Long, Page> of(Handle handle, List<Long> contactIds, int limit) {
        Map<Long, Page> out = new LinkedHashMap<>();
        for (int from = 0; from < contactIds.size(); from += MAX_BRANCHES) {
            List<Long> chunk = contactIds.subList(from, Math.min(contactIds.size(), from + MAX_BRANCHES));
            List<Long> params = new ArrayList<>(chunk.size() * 2);
            for (Long id : chunk) {
                params.add(id);
                params.add((long) (limit + SLACK));
            }
            Map<Long, List<ContactConversationRow>> scanned = new LinkedHashMap<>();
            Set<Long> privateIds = new HashSet<>();
            for (ContactConversationRow row : PlainQuery.list(handle, SQL_BY_SIZE.get(chunk.size() - 1),
                    ContactConversationRow.class, params)) {
                scanned.computeIfAbsent(row.contactId(), k -> new ArrayList<>()).add(row);
                if (row.privateFlag()) {
                    privateIds.add(row.id());
                }
            }
            Map<Long, Set<Long>> owners = copyOwners(handle, privateIds);
            for (Long id : chunk) {
                List<ContactConversationRow> rows = scanned.getOrDefault(id, new ArrayList<>());
                rows.sort(NEWEST_FIRST);
                Map<Long, Set<Long>> ownersHere = new HashMap<>();
                rows.stream().filter(ContactConversationRow::privateFlag)
                        .forEach(r -> ownersHere.put(r.id(), owners.getOrDefault(r.id(), Set.of())));
                out.put(id, new Page(rows.stream().map(ContactConversationRow::conversation).toList(),
                        Map.copyOf(ownersHere), rows.size() == limit + SLACK, limit));
            }
        }
        return out;
    }

    private static Map<Long, Set<Long>> copyOwners(Handle handle, Set<Long> messageIds) {
        Map<Long, Set<Long>> owners = new HashMap<>();
        if (!messageIds.isEmpty()) {
            for (CopyOwnerRow r : PlainQuery.list(handle, PlainQuery.inList(COPY_OWNERS, "ids", messageIds.size()),
                    CopyOwnerRow.class, messageIds)) {
                owners.computeIfAbsent(r.messageId(), k -> new HashSet<>()).add(r.userId());
            }
        }
        return owners;
    }

    /** The newest conversations {@code viewer} may see of one contact, read with the timeline's exact filters. */
    public static List<ConversationRow> exact(Handle handle, long contactId, long viewer, int limit) {
        return handle.createQuery(MessageDao.TIMELINE_OF_CONTACT)
                .bind("contactId", contactId)
                .bind("viewer", viewer)
                .bind("beforeSent", 0L)
                .bind("beforeId", 0L)
                .bind("limit", limit)
                .mapTo(ConversationRow.class)
                .list();
    }

    private static List<String> sqlBySize() {
        List<String> bySize = new ArrayList<>(MAX_BRANCHES);
        for (int n = 1; n <= MAX_BRANCHES; n++) {
            List<String> branches = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // Positional parameters, per branch: contact, rows to read. Read for no viewer in particular: the copy
                // owners of the private rows are read next, for all viewers (Page.visibleTo).
                branches.add("SELECT * FROM (SELECT p.contact_id, " + MessageDao.MESSAGE_ENTRY
                        + " FROM message_party p JOIN message m ON m.id = p.message_id WHERE p.contact_id = ?"
                        + " ORDER BY p.sent_at DESC, p.message_id DESC LIMIT ?) AS r" + i);
            }
            // No ORDER BY over the union: SQLite would sort all rows in a temporary b-tree, while each contact's few
            // rows are put in order in Java (NEWEST_FIRST).
            bySize.add(String.join(" UNION ALL ", branches));
        }
        return List.copyOf(bySize);
    }
}
