package org.unsilo.api;

import io.javalin.http.Context;
import java.util.List;
import org.unsilo.contacts.FieldRules;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.contacts.Views;
import org.unsilo.http.ApiException;
import org.unsilo.http.Cursor;
import org.unsilo.http.Page;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;

/** Organisations: list and search, read, rename or add domains, and who knows whom there. */
public final class OrganizationsApi {

    private final OrganizationService organizations;
    private final Requests requests;

    public OrganizationsApi(OrganizationService organizations, Requests requests) {
        this.organizations = organizations;
        this.requests = requests;
    }

    record OrganizationInput(String name, List<String> domains) {
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/organizations", this::list);
        routes.get("/api/v1/organizations/{id}", this::get);
        routes.patch("/api/v1/organizations/{id}", this::update);
        routes.get("/api/v1/organizations/{id}/people", this::people);
    }

    private void list(Context ctx) {
        Requests.principal(ctx);
        int limit = Requests.limit(ctx);
        // Organisations always have a name: a cursor past unnamed entries, like an id cursor of the old id order, was
        // not written for this list.
        NameCursor after = NameCursor.parse(ctx.queryParam("cursor")).filter(c -> c.name() != null)
                .orElseThrow(Cursor::invalid);
        List<Views.Organization> items = organizations.list(Requests.search(ctx), after, limit + 1);
        ctx.json(Page.of(items, limit, o -> NameCursor.after(o).encode()));
    }

    private void get(Context ctx) {
        Requests.principal(ctx);
        long id = Requests.pathId(ctx, "id");
        ctx.json(organizations.find(id).orElseThrow(() -> ApiException.notFound("organization " + id + " does not exist")));
    }

    private void update(Context ctx) {
        long actor = Requests.principal(ctx).userId();
        long id = Requests.pathId(ctx, "id");
        OrganizationInput in = requests.body(ctx, OrganizationInput.class);
        Checks checks = new Checks();
        // The name it has already passes: a client sends back the organisation as it read it. The service trims a new
        // name, so it is sent as it came, and judged here as there.
        FieldRules.organizationName(in.name(), organizations.find(id).map(Views.Organization::name).orElse(null),
                checks.fields());
        checks.size("domains", in.domains(), 50).throwIfAny();
        ctx.json(organizations.update(actor, id, in.name(), in.domains())
                .orElseThrow(() -> ApiException.notFound("organization " + id + " does not exist")));
    }

    private void people(Context ctx) {
        long viewer = Requests.principal(ctx).userId();
        long id = Requests.pathId(ctx, "id");
        ctx.json(organizations.people(id, viewer)
                .orElseThrow(() -> ApiException.notFound("organization " + id + " does not exist")));
    }
}
