package org.unsilo.api;

import io.javalin.http.Context;
import java.time.Instant;
import org.unsilo.auth.ApiTokens;
import org.unsilo.auth.Principal;
import org.unsilo.auth.UserService;
import org.unsilo.http.ApiException;
import org.unsilo.http.Page;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;

/** The caller's own account and API tokens. */
public final class MeApi {

    private final UserService users;
    private final ApiTokens tokens;
    private final Requests requests;

    public MeApi(UserService users, ApiTokens tokens, Requests requests) {
        this.users = users;
        this.tokens = tokens;
        this.requests = requests;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/me", this::me);
        routes.get("/api/v1/me/tokens", this::listTokens);
        routes.post("/api/v1/me/tokens", this::createToken);
        routes.delete("/api/v1/me/tokens/{id}", this::revokeToken);
    }

    private void me(Context ctx) {
        Principal p = Requests.principal(ctx);
        ctx.json(UserViews.user(p.user(), users.emailsOf(p.userId())));
    }

    private void listTokens(Context ctx) {
        Principal p = Requests.principal(ctx);
        ctx.json(new Page<>(tokens.listForUser(p.userId()).stream().map(UserViews::token).toList(), null));
    }

    private void createToken(Context ctx) {
        Principal p = Requests.principal(ctx);
        TokenInput in = requests.body(ctx, TokenInput.class);
        new Checks().line("name", in.name(), 100).throwIfAny();
        ctx.status(201).json(issue(tokens, p.userId(), in.nameOrDefault()));
    }

    static UserViews.IssuedToken issue(ApiTokens tokens, long userId, String name) {
        ApiTokens.Issued issued = tokens.create(userId, name);
        return new UserViews.IssuedToken(issued.row().id(), issued.row().name(), issued.secret(),
                Instant.ofEpochMilli(issued.row().createdAt()));
    }

    private void revokeToken(Context ctx) {
        Principal p = Requests.principal(ctx);
        long id = Requests.pathId(ctx, "id");
        boolean mine = tokens.find(id).map(t -> t.userId() == p.userId()).orElse(false);
        if (!mine) {
            throw ApiException.notFound("token " + id + " does not exist");
        }
        tokens.revoke(id);
        ctx.status(204);
    }
}
