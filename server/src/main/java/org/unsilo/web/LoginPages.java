package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.auth.OidcProvider;
import org.unsilo.auth.Passwords;
import org.unsilo.auth.UserService;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.http.ForwardedHeaders;
import org.unsilo.store.UserRow;

/**
 * Signing in and out. The sign-in form is protected against cross-site posting by a double-submit token (a cookie
 * and the same value in the form), since there is no session yet; attempts are rate limited per client address and
 * per account. A successful sign-in always starts a new session (no fixation) and goes to a local {@code next} path.
 */
final class LoginPages {

    static final String LOGIN_COOKIE = "unsilo_login";

    private final UserService users;
    private final Passwords passwords;
    private final WebSessions sessions;
    private final LoginLimiter limiter;
    private final ActivityRecorder activity;
    private final Cookies cookies;
    private final Templates templates;
    private final List<OidcProvider> providers;

    LoginPages(UserService users, Passwords passwords, WebSessions sessions, LoginLimiter limiter, ActivityRecorder activity,
               Cookies cookies, Templates templates, List<OidcProvider> providers) {
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.limiter = limiter;
        this.activity = activity;
        this.cookies = cookies;
        this.templates = templates;
        this.providers = providers;
    }

    void register(RoutesConfig routes) {
        routes.get("/login", this::form);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
    }

    private void form(Context ctx) {
        if (sessions.find(ctx.cookie(WebFilter.SESSION_COOKIE)).isPresent()) {
            ctx.redirect(safeNext(ctx.queryParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        show(ctx, 200, null, null);
    }

    void show(Context ctx, int status, String email, String error) {
        String token = sessions.randomToken();
        cookies.set(ctx, LOGIN_COOKIE, token, 3600);
        Map<String, Object> m = new HashMap<>();
        m.put("layout", new Layout("Sign in", "login", null, token));
        String next = safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next"));
        m.put("next", next);
        m.put("providers", providers.stream().map(p -> new OidcButton(p.label(),
                "/login/oidc/" + p.name() + "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).toList());
        m.put("email", email == null ? "" : email);
        m.put("error", error);
        m.put("notice", error != null ? null : ctx.queryParam("expired") != null ? "Your session has ended. Sign in again to go on."
                : ctx.queryParam("signedout") != null ? "You have signed out." : null);
        templates.render(ctx, status, "login.jte", m);
    }

    private void login(Context ctx) {
        String cookie = ctx.cookie(LOGIN_COOKIE);
        if (cookie == null || !WebFilter.csrfMatches(ctx, cookie)) {
            throw WebReject.status(403, "The sign-in form expired. Reload the page and sign in again.");
        }
        String email = Optional.ofNullable(ctx.formParam("email")).map(String::strip).orElse("");
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (!limiter.tryAttempt(ForwardedHeaders.caller(ctx).ip(), email)) {
            show(ctx, 429, email, "Too many sign-in attempts. Wait a few minutes and try again.");
            return;
        }
        Optional<UserRow> user = passwords.verify(find(email), password);
        if (user.isEmpty()) {
            limiter.failed(email);
            show(ctx, 401, email, "Wrong e-mail address or password.");
            return;
        }
        signIn(ctx, user.get(), ctx.formParam("next"));
    }

    /** Starts a session for a verified user and sends the browser on. */
    void signIn(Context ctx, UserRow user, String next) {
        cookies.set(ctx, WebFilter.SESSION_COOKIE, sessions.start(user.id()), WebSessions.LIFETIME.toSeconds());
        cookies.clear(ctx, LOGIN_COOKIE);
        activity.record(user.id(), "web.login", null, null);
        ctx.redirect(safeNext(next), io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private Optional<UserRow> find(String email) {
        try {
            return email.isEmpty() ? Optional.empty() : users.findByEmail(email);
        } catch (InvalidFieldException e) {
            return Optional.empty();
        }
    }

    private void logout(Context ctx) {
        sessions.end(WebFilter.session(ctx));
        cookies.clear(ctx, WebFilter.SESSION_COOKIE);
        ctx.redirect("/login?signedout=1", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Only a path on this site: never another host ({@code //evil}, {@code /\evil}, absolute URLs). */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || next.length() > 500
                || next.startsWith("/login") || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }

}
