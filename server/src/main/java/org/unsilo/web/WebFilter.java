package org.unsilo.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.unsilo.http.ForwardedHeaders;
import org.unsilo.http.RequestLog;

/**
 * The web view's gate, in front of its pages only ({@code /api} keeps its bearer tokens): HTML security headers,
 * the session cookie (no session → to the sign-in page, for forms too), the CSRF token on every state-changing
 * request (form field {@value #CSRF_FIELD} or header {@value #CSRF_HEADER}; missing or wrong → 403), and the admin
 * role for admin pages.
 */
final class WebFilter {

    static final String SESSION_COOKIE = "unsilo_session";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String SESSION = "unsilo.web.session";

    /** Pages people sign in to reach; {@code /} is matched exactly. */
    private static final List<String> PAGES = List.of("/organizations", "/contacts", "/duplicates", "/cooling", "/leavers",
            "/settings", "/admin", "/help", "/logout", "/exports");
    /** Pages anyone may read: the help page is the add-in manifests' support address. */
    private static final List<String> OPEN_PAGES = List.of("/help");
    private static final List<String> ADMIN_PAGES = List.of("/admin", "/leavers");
    private static final List<String> PUBLIC = List.of("/login", "/static/");

    // Scripts only from this server (htmx is configured by a meta tag, never inline), no framing, forms post here only.
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final WebSessions sessions;

    WebFilter(WebSessions sessions) {
        this.sessions = sessions;
    }

    static boolean isPage(String path) {
        return path.equals("/") || PAGES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    static boolean isWeb(String path) {
        return isPage(path) || PUBLIC.stream().anyMatch(path::startsWith);
    }

    void before(Context ctx) {
        String path = ctx.path();
        if (!isWeb(path)) {
            return;
        }
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        if (path.startsWith("/static/")) {
            return;
        }
        ctx.header("Cache-Control", "no-store");
        if (!isPage(path)) {
            return;
        }
        Optional<WebSessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty() && OPEN_PAGES.contains(path) && isSafe(ctx.method().name())) {
            return;
        }
        if (session.isEmpty()) {
            // A form sent after the session ended cannot be replayed; the person comes back to the page it was on.
            String next = "GET".equals(ctx.method().name()) ? path + (ctx.queryString() == null ? "" : "?" + ctx.queryString())
                    : sameSitePath(ctx.header("Referer"), ctx);
            String login = "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
                    + (ctx.cookie(SESSION_COOKIE) != null ? "&expired=1" : "");
            ctx.header("HX-Redirect", login);
            throw WebReject.redirect(login);
        }
        // Before the checks below: their refusal pages keep the navigation of the signed-in person.
        ctx.attribute(SESSION, session.get());
        ctx.attribute(RequestLog.USER_ID, session.get().user().id());
        if (!isSafe(ctx.method().name()) && !csrfMatches(ctx, session.get().csrfToken())) {
            throw WebReject.status(403, "This form has expired or did not come from this site. Go back, reload the page and try again.");
        }
        if (ADMIN_PAGES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/")) && !session.get().user().isAdmin()) {
            throw WebReject.status(403, "This page is for admins.");
        }
    }

    /** The path (and query) of {@code referer} when it is a page of this site, else "/". */
    static String sameSitePath(String referer, Context ctx) {
        if (referer == null) {
            return "/";
        }
        try {
            java.net.URI uri = java.net.URI.create(referer);
            ForwardedHeaders.Caller caller = ForwardedHeaders.caller(ctx);
            if (uri.getRawAuthority() == null || !uri.getRawAuthority().equals(caller.host()) || uri.getRawPath() == null
                    || !isPage(uri.getPath())) {
                return "/";
            }
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }

    static boolean isSafe(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    static boolean csrfMatches(Context ctx, String expected) {
        String sent = ctx.header(CSRF_HEADER);
        if (sent == null) {
            sent = ctx.formParam(CSRF_FIELD);
        }
        return sent != null && expected != null
                && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    static WebSessions.Session session(Context ctx) {
        WebSessions.Session s = ctx.attribute(SESSION);
        if (s == null) {
            throw WebReject.redirect("/login");
        }
        return s;
    }
}
