package org.unsilo.api;

import io.javalin.http.Context;
import java.util.List;
import org.unsilo.http.ApiException;
import org.unsilo.http.Cursor;
import org.unsilo.http.Page;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.privacy.PrivacyService;
import org.unsilo.privacy.Suppression;

/** Admin-only privacy operations on one person (GDPR art. 15 and 17) and the suppression list they leave. */
public final class PrivacyApi {

    private final PrivacyService privacy;

    public PrivacyApi(PrivacyService privacy) {
        this.privacy = privacy;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/admin/people/{address}/export", this::export);
        routes.post("/api/v1/admin/people/{address}/erase", this::erase);
        routes.get("/api/v1/admin/suppressions", this::suppressions);
        routes.delete("/api/v1/admin/suppressions/{address}", this::lift);
    }

    private void export(Context ctx) {
        long actor = Requests.admin(ctx).userId();
        ctx.json(privacy.export(actor, ctx.pathParam("address")));
    }

    private void erase(Context ctx) {
        long actor = Requests.admin(ctx).userId();
        ctx.json(privacy.erase(actor, ctx.pathParam("address")));
    }

    private void suppressions(Context ctx) {
        Requests.admin(ctx);
        int limit = Requests.limit(ctx);
        long after = Cursor.decode(ctx.queryParam("cursor"), 1)[0];
        List<Suppression> rows = privacy.suppressions(ctx.queryParam("address"), after, limit + 1);
        ctx.json(Page.of(rows, limit, s -> Cursor.encode(s.id())));
    }

    private void lift(Context ctx) {
        long actor = Requests.admin(ctx).userId();
        String address = ctx.pathParam("address");
        if (!privacy.lift(actor, address)) {
            throw ApiException.notFound(address + " is not suppressed");
        }
        ctx.status(204);
    }
}
