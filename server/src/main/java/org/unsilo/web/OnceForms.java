package org.unsilo.web;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Forms that must not be done twice when the browser sends them again (reload, "resend form?"): those whose answer
 * shows a secret once, a new API token or a generated password. A redirect to a page that shows the secret would
 * have to keep it between the two requests; instead the page renders a random key into the form (field
 * {@value #FIELD}), and the first post with it is recorded in the database for the session
 * ({@link WebSessions#firstUse}), so every server behind the load balancer knows it. The same post again gets
 * {@link RepeatedForm}'s page, and no secret is ever stored. One page's key serves each of its forms (each form
 * address) once.
 */
final class OnceForms {

    static final String FIELD = "_once";
    /** What {@link WebSessions#randomToken} makes: 32 bytes in unpadded base64url. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final WebSessions sessions;
    private final Templates templates;

    OnceForms(WebSessions sessions, Templates templates) {
        this.sessions = sessions;
        this.templates = templates;
    }

    /** A new key for the page's one-time forms. */
    String newKey() {
        return sessions.randomToken();
    }

    /**
     * Runs {@code action} and shows its result, unless this session sent the form's key before: then it shows
     * {@code repeat} (409) and does nothing. An action that throws has not been done, so its key stays unused and the
     * exception goes on (to the handler's refusal).
     */
    <T> void run(Context ctx, RepeatedForm repeat, Supplier<T> action, Consumer<T> show) {
        String key = ctx.formParam(FIELD);
        if (key == null || !KEY.matcher(key).matches()) {
            throw WebReject.status(400, "This form is out of date. Reload the page and try again.");
        }
        WebSessions.Session session = WebFilter.session(ctx);
        String form = ctx.path();
        if (!sessions.firstUse(session, key, form)) {
            Map<String, Object> m = Forms.model(ctx, repeat.title(), "");
            m.put("repeat", repeat);
            templates.render(ctx, 409, "repeated.jte", m);
            return;
        }
        T done;
        try {
            done = action.get();
        } catch (RuntimeException e) {
            sessions.forgetUse(session, key, form);
            throw e;
        }
        show.accept(done);
    }
}
