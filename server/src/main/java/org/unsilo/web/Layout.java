package org.unsilo.web;

import org.unsilo.store.UserRow;

/**
 * What every page's frame needs: its title, which navigation entry is current, the signed-in user (null on the
 * sign-in page) and the session's CSRF token, which forms carry as a hidden field and htmx as a header.
 */
public record Layout(String title, String nav, UserRow user, String csrf) {

    public boolean admin() {
        return user != null && user.isAdmin();
    }

    /** The {@code hx-headers} value: JSON that htmx parses (never evaluates) and adds to each request. */
    public String htmxHeaders() {
        return "{\"" + WebFilter.CSRF_HEADER + "\": \"" + csrf + "\"}";
    }
}
