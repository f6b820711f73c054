package org.unsilo.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unsilo.auth.ApiTokens;
import org.unsilo.auth.UserService;
import org.unsilo.http.ApiException;
import org.unsilo.http.Cursor;
import org.unsilo.http.Page;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.store.AuditRow;
import org.unsilo.store.ContactDao;
import org.unsilo.store.Database;
import org.unsilo.store.MessageDao;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.RelationshipDao;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserRow;

/** Admin-only routes: users, their tokens, counts, audit log. */
public final class AdminApi {

    private final UserService users;
    private final ApiTokens tokens;
    private final Database db;
    private final Requests requests;

    public AdminApi(UserService users, ApiTokens tokens, Database db, Requests requests) {
        this.users = users;
        this.tokens = tokens;
        this.db = db;
        this.requests = requests;
    }

    record UserInput(String email, String name, String role) {
    }

    record AuditEntry(long id, Long actorId, String action, String targetType, String targetId, String before,
                      String after, Instant at) {
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/admin/users", this::listUsers);
        routes.post("/api/v1/admin/users", this::createUser);
        routes.get("/api/v1/admin/users/{id}/tokens", this::listTokens);
        routes.post("/api/v1/admin/users/{id}/tokens", this::createToken);
        routes.delete("/api/v1/admin/tokens/{id}", this::revokeToken);
        routes.get("/api/v1/admin/stats", this::stats);
        routes.get("/api/v1/admin/audit", this::audit);
    }

    private void listUsers(Context ctx) {
        Requests.admin(ctx);
        int limit = Requests.limit(ctx);
        long after = Cursor.decode(ctx.queryParam("cursor"), 1)[0];
        List<UserRow> rows = users.list(after, limit + 1);
        ctx.json(Page.of(rows, limit, u -> Cursor.encode(u.id())).map(u -> UserViews.user(u, users.emailsOf(u.id()))));
    }

    private void createUser(Context ctx) {
        long actor = Requests.admin(ctx).userId();
        UserInput in = requests.body(ctx, UserInput.class);
        new Checks().require("email", in.email()).require("name", in.name())
                .line("email", in.email(), 320).line("name", in.name(), 200).line("role", in.role(), 20).throwIfAny();
        UserRow u = users.create(actor, in.email(), in.name(), in.role());
        ctx.status(201).header("Location", "/api/v1/admin/users/" + u.id()).json(UserViews.user(u, users.emailsOf(u.id())));
    }

    private UserRow existingUser(Context ctx) {
        long id = Requests.pathId(ctx, "id");
        return users.find(id).orElseThrow(() -> ApiException.notFound("user " + id + " does not exist"));
    }

    private void listTokens(Context ctx) {
        Requests.admin(ctx);
        UserRow u = existingUser(ctx);
        ctx.json(new Page<>(tokens.listForUser(u.id()).stream().map(UserViews::token).toList(), null));
    }

    private void createToken(Context ctx) {
        Requests.admin(ctx);
        UserRow u = existingUser(ctx);
        TokenInput in = requests.body(ctx, TokenInput.class);
        new Checks().line("name", in.name(), 100).throwIfAny();
        ctx.status(201).json(MeApi.issue(tokens, u.id(), in.nameOrDefault()));
    }

    private void revokeToken(Context ctx) {
        Requests.admin(ctx);
        long id = Requests.pathId(ctx, "id");
        if (tokens.find(id).isEmpty()) {
            throw ApiException.notFound("token " + id + " does not exist");
        }
        tokens.revoke(id);
        ctx.status(204);
    }

    private void stats(Context ctx) {
        Requests.admin(ctx);
        Map<String, Long> stats = db.read(h -> {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("users", h.attach(UserDao.class).count());
            m.put("contacts", h.attach(ContactDao.class).count());
            m.put("organizations", h.attach(OrganizationDao.class).count());
            m.put("messages", h.attach(MessageDao.class).count());
            m.put("messageCopies", h.attach(MessageDao.class).countCopies());
            m.put("relationships", h.attach(RelationshipDao.class).count());
            return m;
        });
        ctx.json(stats);
    }

    private void audit(Context ctx) {
        Requests.admin(ctx);
        int limit = Requests.limit(ctx);
        long before = Cursor.decode(ctx.queryParam("cursor"), 1)[0];
        List<AuditRow> rows = db.read(h -> h.attach(SupportDao.class).auditLog(before, limit + 1));
        ctx.json(Page.of(rows, limit, a -> Cursor.encode(a.id())).map(a -> new AuditEntry(a.id(), a.actorId(), a.action(),
                a.targetType(), a.targetId(), a.beforeJson(), a.afterJson(), Instant.ofEpochMilli(a.at()))));
    }
}
