package org.unsilo.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The first page of {@link MessageDao#TIMELINE_OF_CONTACT} for each of several contacts, as a lookup needs it.
 *
 * <p>The timeline's exact filters (one row per message, private messages only for their copy owners) cost a
 * correlated sub-query per party row, and in one statement for several contacts SQLite planned them badly: ~140 µs
 * per contact. Here each contact gets a plain branch that reads the newest few party rows straight from the index
 * {@code (contact_id, sent_at DESC, message_id DESC)}, all branches in one {@code UNION ALL}, and the two filters are
 * applied to those few rows in Java. Only when they drop so many rows that a page might be short does that contact
 * fall back to the exact timeline query — which needs a contact with several private or doubly-addressed messages
 * among its newest ones.
 */
public final class RecentConversations {

    /** Rows read beyond the page, so the usual private or duplicate row does not force the fallback. */
    private static final int SLACK = 2;
    /** Contacts per statement; SQLite allows 500 terms in a compound SELECT. */
    private static final int MAX_BRANCHES = 50;
    /** The timeline's order: {@code sent_at DESC, message_id DESC}. */
    private static final Comparator<ContactConversationRow> NEWEST_FIRST = Comparator
            .comparingLong(ContactConversationRow::sentAt).thenComparingLong(ContactConversationRow::id).reversed();
    /** Statement text for 1..MAX_BRANCHES contacts, at index size - 1. */
    private static final List<String> SQL_BY_SIZE = sqlBySize();

    private RecentConversations() {
    }

    /**
     * One contact's newest conversations a viewer may see; {@code sameForEveryone} when no private message was among
     * those read, so that every other viewer would get the same page.
     */
    public record Page(List<ConversationRow> rows, boolean sameForEveryone) {
    }

    /** Newest conversations the viewer may see, at most {@code limit} per contact, keyed by contact id. */
    public static Map<Long, Page> of(Handle handle, List<Long> contactIds, long viewer, int limit) {
        Map<Long, Page> out = new LinkedHashMap<>();
        for (int from = 0; from < contactIds.size(); from += MAX_BRANCHES) {
            List<Long> chunk = contactIds.subList(from, Math.min(contactIds.size(), from + MAX_BRANCHES));
            List<Long> params = new ArrayList<>(chunk.size() * 3);
            for (Long id : chunk) {
                params.add(viewer);
                params.add(id);
                params.add((long) (limit + SLACK));
            }
            Map<Long, List<ContactConversationRow>> scanned = new LinkedHashMap<>();
            for (ContactConversationRow row : PlainQuery.list(handle, SQL_BY_SIZE.get(chunk.size() - 1),
                    ContactConversationRow.class, params)) {
                scanned.computeIfAbsent(row.contactId(), k -> new ArrayList<>()).add(row);
            }
            for (Long id : chunk) {
                List<ContactConversationRow> rows = scanned.getOrDefault(id, new ArrayList<>());
                rows.sort(NEWEST_FIRST);
                List<ConversationRow> page = visible(rows, limit);
                if (page.size() < limit && rows.size() == limit + SLACK) {
                    out.put(id, new Page(exact(handle, id, viewer, limit), false));
                } else {
                    out.put(id, new Page(page, rows.stream().noneMatch(ContactConversationRow::privateFlag)));
                }
            }
        }
        return out;
    }

    private static List<ConversationRow> visible(List<ContactConversationRow> rows, int limit) {
        List<ConversationRow> page = new ArrayList<>(limit);
        Set<Long> seen = new HashSet<>();
        for (ContactConversationRow row : rows) {
            if (page.size() == limit) {
                break;
            }
            boolean hidden = row.privateFlag() && !row.viewerOwnsCopy();
            if (!hidden && seen.add(row.id())) {
                page.add(row.conversation());
            }
        }
        return page;
    }

    private static List<ConversationRow> exact(Handle handle, long contactId, long viewer, int limit) {
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
                // Positional parameters, per branch: viewer, contact, rows to read.
                branches.add("SELECT * FROM (SELECT p.contact_id, " + MessageDao.CONVERSATION.replace(":viewer", "?")
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
