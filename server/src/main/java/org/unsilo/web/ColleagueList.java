package org.unsilo.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.unsilo.store.UserRow;

/**
 * One page of the users and roles list: the search as typed ({@code q}, "" for everyone), the page number from 1, its
 * colleagues in name order and how many match in all. The page's forms carry the search and page in their address
 * ({@link #action}), so that changing a role on page 3 of a search comes back to page 3 of that search.
 */
public record ColleagueList(String q, long page, List<UserRow> users, long matching) {

    static final int PAGE_SIZE = 100;
    private static final String LIST = "/admin/users";

    /** The page of a request's {@code page} parameter: anything not a page number is the first, past the end the last. */
    static long page(long requested, long matching) {
        long last = Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
        return Math.min(Math.max(1, requested), last);
    }

    static long offset(long page) {
        return (page - 1) * PAGE_SIZE;
    }

    /** The list's address for page {@code page} of the search {@code q}. */
    static String address(String q, long page) {
        return LIST + query(q, page);
    }

    /** The position of the first colleague shown, from 1 (0 when none is). */
    public long first() {
        return users.isEmpty() ? 0 : offset(page) + 1;
    }

    public long last() {
        return offset(page) + users.size();
    }

    public boolean hasPrevious() {
        return page > 1;
    }

    public boolean hasNext() {
        return last() < matching;
    }

    public String previous() {
        return address(q, page - 1);
    }

    public String next() {
        return address(q, page + 1);
    }

    /** The address of one of the page's forms: {@code path} with the list's search and page, for the answer to keep. */
    public String action(String path) {
        return path + query(q, page);
    }

    /** The query string of a page of a search: none for the first page of everyone. */
    private static String query(String q, long page) {
        long p = Math.max(1, page);
        if (q.isEmpty() && p == 1) {
            return "";
        }
        return "?" + (q.isEmpty() ? "" : "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&") + "page=" + p;
    }
}
