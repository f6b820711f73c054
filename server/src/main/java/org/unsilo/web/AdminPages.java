package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.unsilo.auth.ApiTokens;
import org.unsilo.auth.Passwords;
import org.unsilo.auth.UserService;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.Search;
import org.unsilo.directory.DirectorySettings;
import org.unsilo.importer.ImportJobs;
import org.unsilo.store.ImportJobRow;
import org.unsilo.store.UserRow;

/**
 * Admin pages: users and roles (with password resets; adding a colleague and a reset show a generated password once,
 * through {@link OnceForms}, so that reloading that page does neither again), internal domains and block rules,
 * imports with live progress (htmx polls a running job's row), and the audit log. The filter lets admins only.
 */
final class AdminPages {

    private final UserService users;
    private final Passwords passwords;
    private final WebSessions sessions;
    private final OnceForms once;
    private final ApiTokens tokens;
    private final DirectorySettings directory;
    private final Set<String> configuredDomains;
    private final ImportJobs imports;
    private final AuditLog audit;
    private final Templates templates;

    AdminPages(UserService users, Passwords passwords, WebSessions sessions, OnceForms once, ApiTokens tokens,
               DirectorySettings directory, Set<String> configuredDomains, ImportJobs imports, AuditLog audit,
               Templates templates) {
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.once = once;
        this.tokens = tokens;
        this.directory = directory;
        this.configuredDomains = Set.copyOf(configuredDomains);
        this.imports = imports;
        this.audit = audit;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin", ctx -> ctx.redirect("/admin/users", HttpStatus.SEE_OTHER));
        routes.get("/admin/users", ctx -> users(ctx, null, null));
        routes.post("/admin/users", this::createUser);
        routes.post("/admin/users/{id}/role", this::setRole);
        routes.post("/admin/users/{id}/password", this::resetPassword);
        routes.get("/admin/domains", this::domains);
        routes.post("/admin/domains", ctx -> directoryChange(ctx, () -> directory.addInternalDomain(Forms.userId(ctx), Forms.text(ctx, "domain", 253))));
        routes.post("/admin/domains/remove", ctx -> directoryChange(ctx, () -> directory.removeInternalDomain(Forms.userId(ctx), String.valueOf(Forms.text(ctx, "domain", 253)))));
        routes.post("/admin/blocks", ctx -> directoryChange(ctx, () -> directory.addBlockRule(Forms.userId(ctx), Forms.text(ctx, "pattern", 320))));
        routes.post("/admin/blocks/{id}/remove", ctx -> directoryChange(ctx, () -> directory.removeBlockRule(Forms.userId(ctx), Forms.pathId(ctx, "id"))));
        routes.get("/admin/imports", this::imports);
        routes.get("/admin/imports/{id}/row", this::importRow);
        routes.get("/admin/audit", this::audit);
    }

    private void users(Context ctx, NewPassword shown, String error) {
        users(ctx, shown, error, null, null);
    }

    /** {@code addError}: why adding a colleague was refused, shown by its form with {@code typed} (else both null). */
    private void users(Context ctx, NewPassword shown, String error, String addError, NewColleague typed) {
        Map<String, Object> m = Forms.model(ctx, "Users and roles", "admin");
        m.put("list", colleagues(ctx));
        m.put("shown", shown);
        m.put("formKey", once.newKey());
        m.put("error", error);
        m.put("addError", addError);
        m.put("typed", typed != null ? typed : new NewColleague("", "", "member"));
        templates.render(ctx, error == null && addError == null ? 200 : 400, "admin/users.jte", m);
    }

    /**
     * The page of colleagues the request asks for: those whose name or address holds {@code q}, page {@code page}. A
     * page for thousands of colleagues was too long to find anyone on or to load.
     */
    private ColleagueList colleagues(Context ctx) {
        Search search = Forms.search(ctx);
        long matching = users.countMatching(search);
        long page = ColleagueList.page(Forms.queryLong(ctx, "page"), matching);
        return new ColleagueList(Forms.query(ctx), page,
                users.search(search, ColleagueList.offset(page), ColleagueList.PAGE_SIZE), matching);
    }

    /**
     * Adds a colleague and answers with the page of the list the form was on (its address carries the search and
     * page), showing their password once, or the form again with why it was refused.
     */
    private void createUser(Context ctx) {
        String email = Forms.text(ctx, "email", 320);
        // Reads the list's search and page first: a search the list would refuse is refused before anyone is added.
        RepeatedForm repeat = colleagueAdded(ctx);
        try {
            once.run(ctx, repeat, () -> {
                UserRow created = users.create(Forms.userId(ctx), email, Forms.text(ctx, "name", 200), Forms.text(ctx, "role", 20));
                return newPassword(ctx, created);
            }, shown -> users(ctx, shown, null));
        } catch (InvalidFieldException e) {
            users(ctx, null, null, "Not added: " + e.getMessage() + ".", new NewColleague(
                    Objects.toString(ctx.formParam("email"), ""), Objects.toString(ctx.formParam("name"), ""),
                    Objects.toString(ctx.formParam("role"), "member")));
        }
    }

    /** Gives {@code user} a generated password, to be shown once to the admin. */
    private NewPassword newPassword(Context ctx, UserRow user) {
        String password = passwords.generate();
        passwords.set(Forms.userId(ctx), user.id(), password);
        return new NewPassword(user.email(), password);
    }

    private void setRole(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        String role = ctx.formParam("role");
        if (id == Forms.userId(ctx)) {
            throw WebReject.status(400, "You cannot change your own role; ask another admin.");
        }
        try {
            users.setRole(Forms.userId(ctx), id, role);
        } catch (InvalidFieldException e) {
            throw WebReject.status(400, e.getMessage());
        }
        tokens.invalidateUser(id);
        ctx.redirect(listAddress(ctx), HttpStatus.SEE_OTHER);
    }

    /** The page of the list a form of it was sent from: the form's address carries the search and page. */
    private static String listAddress(Context ctx) {
        return ColleagueList.address(Forms.query(ctx), Forms.queryLong(ctx, "page"));
    }

    private void resetPassword(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        UserRow user = users.find(id).orElseThrow(() -> WebReject.status(404, "There is no user " + id + "."));
        // As in createUser: the list's search is checked before the password is changed.
        RepeatedForm repeat = passwordSet(ctx, user);
        once.run(ctx, repeat, () -> {
            NewPassword shown = newPassword(ctx, user);
            if (id != Forms.userId(ctx)) {
                sessions.endAllOf(id);
            }
            return shown;
        }, shown -> users(ctx, shown, null));
    }

    private static RepeatedForm colleagueAdded(Context ctx) {
        return new RepeatedForm("Colleague already added", "This colleague was already added and their password was"
                + " shown once. If you did not copy it, give them a new password from the list.", listAddress(ctx),
                "Users and roles");
    }

    private static RepeatedForm passwordSet(Context ctx, UserRow user) {
        return new RepeatedForm("Password already reset", "A new password for " + user.email() + " was already set and"
                + " shown once. If you did not copy it, give them a new password again.", listAddress(ctx),
                "Users and roles");
    }

    private void domains(Context ctx) {
        Map<String, Object> m = Forms.model(ctx, "Internal domains and block rules", "admin");
        m.put("configured", configuredDomains.stream().sorted().toList());
        m.put("stored", directory.internalDomains());
        m.put("blocks", directory.blockRules());
        templates.render(ctx, "admin/domains.jte", m);
    }

    private void directoryChange(Context ctx, Runnable change) {
        try {
            change.run();
        } catch (InvalidFieldException e) {
            throw WebReject.status(400, e.getMessage());
        }
        ctx.redirect("/admin/domains", HttpStatus.SEE_OTHER);
    }

    private void imports(Context ctx) {
        Map<String, Object> m = Forms.model(ctx, "Imports", "admin");
        m.put("jobs", imports.list(0, 50));
        templates.render(ctx, "admin/imports.jte", m);
    }

    /** One job's row, polled by htmx every two seconds while the job is queued or running. */
    private void importRow(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        ImportJobRow job = imports.find(id).orElseThrow(() -> WebReject.status(404, "There is no import " + id + "."));
        Map<String, Object> m = Forms.model(ctx, "Import", "admin");
        m.put("job", job);
        templates.render(ctx, "admin/import-row.jte", m);
    }

    private void audit(Context ctx) {
        long before = Forms.queryLong(ctx, "before");
        List<AuditEntry> rows = audit.page(before, 51);
        Map<String, Object> m = Forms.model(ctx, "Audit log", "admin");
        m.put("rows", rows.subList(0, Math.min(50, rows.size())));
        m.put("nextBefore", rows.size() > 50 ? rows.get(49).id() : 0L);
        templates.render(ctx, "admin/audit.jte", m);
    }
}
