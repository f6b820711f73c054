package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;
import org.unsilo.auth.ApiTokens;
import org.unsilo.auth.Passwords;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.directory.DirectorySettings;

/**
 * My settings: personal API tokens (the secret is shown once, on the page that created it; that form is a
 * {@link OnceForms} one, so reloading that page does not create another token), mailbox connections
 * (managed through {@code /api/v1/me/connections}; the mailbox OAuth callback returns here) and never-capture domains.
 */
final class SettingsPages {

    private static final RepeatedForm TOKEN_CREATED = new RepeatedForm("Token already created",
            "This token was already created and its value was shown once. If you did not copy it, revoke it and create"
                    + " a new one.", "/settings#tokens", "Your API tokens");

    private final ApiTokens tokens;
    private final DirectorySettings directory;
    private final MailboxConnections mailboxes;
    private final Passwords passwords;
    private final WebSessions sessions;
    private final OnceForms once;
    private final Templates templates;

    SettingsPages(ApiTokens tokens, DirectorySettings directory, MailboxConnections mailboxes, Passwords passwords,
                  WebSessions sessions, OnceForms once, Templates templates) {
        this.tokens = tokens;
        this.directory = directory;
        this.mailboxes = mailboxes;
        this.passwords = passwords;
        this.sessions = sessions;
        this.once = once;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/settings", ctx -> show(ctx, null));
        routes.post("/settings/password", this::changePassword);
        routes.post("/settings/tokens", this::createToken);
        routes.post("/settings/tokens/{id}/revoke", this::revokeToken);
        routes.post("/settings/privacy", this::addDomain);
        routes.post("/settings/privacy/remove", this::removeDomain);
        routes.post("/settings/mailboxes/connect", this::connectMailbox);
        routes.post("/settings/mailboxes/{id}/disconnect", this::disconnectMailbox);
    }

    private void show(Context ctx, ApiTokens.Issued issued) {
        show(ctx, issued, null, 200);
    }

    /** {@code passwordError}: why a password change was refused (shown by its form), else null. */
    private void show(Context ctx, ApiTokens.Issued issued, String passwordError, int status) {
        long me = Forms.userId(ctx);
        Map<String, Object> m = Forms.model(ctx, "My settings", "settings");
        m.put("tokens", tokens.listForUser(me));
        m.put("issued", issued);
        m.put("formKey", once.newKey());
        m.put("privateDomains", directory.privateDomains(me));
        m.put("connected", ctx.queryParam("connected"));
        m.put("mailboxes", mailboxes.of(me));
        m.put("providers", mailboxes.providers());
        m.put("passwordChanged", ctx.queryParam("password") != null);
        m.put("passwordError", passwordError);
        templates.render(ctx, status, "settings.jte", m);
    }

    /** Sends the browser to the provider's consent page; the provider sends it back to the sync callback. */
    /**
     * A signed-in person changes their own password: the current one first (a session left open on a shared computer
     * must not be enough), and their other sessions end, as after an admin's reset.
     */
    private void changePassword(Context ctx) {
        WebSessions.Session session = WebFilter.session(ctx);
        String current = ctx.formParam("current");
        String wanted = ctx.formParam("password");
        String repeated = ctx.formParam("repeat");
        if (passwords.verify(Optional.of(session.user()), current).isEmpty()) {
            show(ctx, null, "Not changed: the current password is not right.", 400);
            return;
        }
        if (wanted == null || !wanted.equals(repeated)) {
            show(ctx, null, "Not changed: the new password and its repetition differ.", 400);
            return;
        }
        try {
            passwords.set(session.user().id(), session.user().id(), wanted);
        } catch (InvalidFieldException e) {
            show(ctx, null, "Not changed: " + e.getMessage() + ".", 400);
            return;
        }
        sessions.endOthersOf(session);
        ctx.redirect("/settings?password=changed#password", HttpStatus.SEE_OTHER);
    }

    private void connectMailbox(Context ctx) {
        String provider = Forms.text(ctx, "provider", 20);
        String url = mailboxes.start(Forms.userId(ctx), provider == null ? "" : provider)
                .orElseThrow(() -> WebReject.status(400, "Connecting " + provider + " mailboxes is not set up on this server."));
        ctx.redirect(url, HttpStatus.SEE_OTHER);
    }

    private void disconnectMailbox(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        if (!mailboxes.disconnect(Forms.userId(ctx), id)) {
            throw WebReject.status(404, "You have no mailbox connection " + id + ".");
        }
        ctx.redirect("/settings#mailboxes", HttpStatus.SEE_OTHER);
    }

    private void createToken(Context ctx) {
        String name = Forms.text(ctx, "name", 100);
        once.run(ctx, TOKEN_CREATED, () -> tokens.create(Forms.userId(ctx), name == null ? "web" : name),
                issued -> show(ctx, issued));
    }

    private void revokeToken(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        long me = Forms.userId(ctx);
        if (tokens.find(id).filter(t -> t.userId() == me).isEmpty()) {
            throw WebReject.status(404, "You have no token " + id + ".");
        }
        tokens.revoke(id);
        ctx.redirect("/settings", HttpStatus.SEE_OTHER);
    }

    private void addDomain(Context ctx) {
        try {
            directory.addPrivateDomain(Forms.userId(ctx), Forms.text(ctx, "domain", 253));
        } catch (InvalidFieldException e) {
            throw WebReject.status(400, e.getMessage());
        }
        ctx.redirect("/settings", HttpStatus.SEE_OTHER);
    }

    private void removeDomain(Context ctx) {
        directory.removePrivateDomain(Forms.userId(ctx), String.valueOf(Forms.text(ctx, "domain", 253)));
        ctx.redirect("/settings", HttpStatus.SEE_OTHER);
    }
}
