package org.unsilo.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unsilo.common.Search;

/** Reading form fields and query parameters of web pages, and building template models. */
final class Forms {

    private Forms() {
    }

    /** A template's parameters, starting with the page frame. */
    static Map<String, Object> model(Context ctx, String title, String nav) {
        WebSessions.Session s = WebFilter.session(ctx);
        Map<String, Object> m = new HashMap<>();
        m.put("layout", new Layout(title, nav, s.user(), s.csrfToken()));
        return m;
    }

    /** {@link #model} for a page anyone may read: with the navigation when signed in, without it otherwise. */
    static Map<String, Object> openModel(Context ctx, String title, String nav) {
        WebSessions.Session s = ctx.attribute(WebFilter.SESSION);
        Map<String, Object> m = new HashMap<>();
        m.put("layout", new Layout(title, nav, s == null ? null : s.user(), s == null ? "" : s.csrfToken()));
        return m;
    }

    static long userId(Context ctx) {
        return WebFilter.session(ctx).user().id();
    }

    /** A positive id from the path; anything else is "not found". */
    static long pathId(Context ctx, String name) {
        try {
            long id = Long.parseLong(ctx.pathParam(name));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through to not found
        }
        throw WebReject.status(404, "There is no such page.");
    }

    /** A positive id from a form field or query parameter, or a 400 naming the field. */
    static long id(String raw, String field) {
        try {
            long id = Long.parseLong(raw == null ? "" : raw.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw WebReject.status(400, "Choose a valid " + field + ".");
    }

    static List<Long> ids(List<String> raw, String field) {
        List<Long> out = new ArrayList<>();
        for (String r : raw) {
            out.add(id(r, field));
        }
        return out;
    }

    /** An optional non-negative number from the query (0 when absent or not a number). */
    static long queryLong(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        try {
            return raw == null ? 0 : Math.max(0, Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The search box's search, as the API reads it. */
    static Search search(Context ctx) {
        return Search.containing(query(ctx));
    }

    static String text(Context ctx, String field, int max) {
        String t = typed(ctx, field);
        if (t != null && (t.length() > max || t.chars().anyMatch(c -> c < 0x20 && c != '\t'))) {
            throw WebReject.status(400, "The field '" + field + "' must be one line of at most " + max + " characters.");
        }
        return t;
    }

    /**
     * A field as typed, stripped; null when empty or not sent. Not judged here: for a field a service holds to its own
     * rules, which let a value the record holds already pass when the form sends it back (a contact's name imported
     * with a control character before the rules existed), where a check here would refuse every save of that record.
     */
    static String typed(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /**
     * The non-empty lines of a multi-line field (a textarea), each stripped; an empty list when it was sent empty
     * (clear the values), null only when not sent. Each line is one value, even with a comma in it ("+1 555 0100, ext.
     * 3"). At most {@code max} characters in all; what each line may hold is the service's rule, as for {@link #typed}.
     */
    static List<String> lines(Context ctx, String field, int max) {
        String v = ctx.formParam(field);
        if (v == null) {
            return null;
        }
        if (v.length() > max) {
            throw WebReject.status(400, "The field '" + field + "' must be lines of at most " + max + " characters in all.");
        }
        return v.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    /** {@link #typed}, except that a field sent empty is {@code ""} (clear the value); null only when not sent. */
    static String clearable(Context ctx, String field) {
        String v = typed(ctx, field);
        return v == null && ctx.formParam(field) != null ? "" : v;
    }

    /**
     * The search box's text ("" for none), at most as long as the API takes. Checked wherever it is read, so that a
     * form that carries a list's search back (adding a colleague) is refused before it does anything.
     */
    static String query(Context ctx) {
        String q = ctx.queryParam("q");
        if (q != null && q.length() > Search.MAX_LENGTH) {
            throw WebReject.status(400, "Search for at most " + Search.MAX_LENGTH + " characters.");
        }
        return q == null ? "" : q.strip();
    }

    /** Comma-separated ids from a query parameter (undo links), ignoring anything else. */
    static List<Long> idList(String raw) {
        List<Long> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        for (String part : raw.split(",")) {
            try {
                long id = Long.parseLong(part.trim());
                if (id > 0 && out.size() < 50) {
                    out.add(id);
                }
            } catch (NumberFormatException ignored) {
                // not an id: skipped
            }
        }
        return out;
    }
}
