package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unsilo.contacts.OrganizationService;

/** Organisations: a ranked, searchable list and each one's who-knows-whom, people and recent conversations. */
final class OrganizationPages {

    private static final Set<String> SORTS = Set.of("strength", "recent", "name");
    /** Organisations a list page shows; past them, a search narrows the list. */
    private static final int SHOWN = 50;

    private final OrganizationService organizations;
    private final Templates templates;

    OrganizationPages(OrganizationService organizations, Templates templates) {
        this.organizations = organizations;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/organizations", this::list);
        routes.get("/organizations/{id}", this::detail);
    }

    private void list(Context ctx) {
        String requested = ctx.queryParam("sort");
        String sort = requested != null && SORTS.contains(requested) ? requested : "strength";
        Map<String, Object> m = Forms.model(ctx, "Organisations", "organizations");
        m.put("q", Forms.query(ctx));
        m.put("sort", sort);
        // One more than shown, to say when there are more than the page holds.
        OrganizationService.Ranking ranking = organizations.ranked(Forms.search(ctx), sort, SHOWN + 1);
        List<OrganizationService.Ranked> ranked = ranking.organizations();
        m.put("organizations", ranked.subList(0, Math.min(SHOWN, ranked.size())));
        m.put("more", ranked.size() > SHOWN);
        m.put("asOf", ranking.asOf());
        templates.render(ctx, "organizations.jte", m);
    }

    private void detail(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        OrganizationService.People people = organizations.people(id, Forms.userId(ctx))
                .orElseThrow(() -> WebReject.status(404, "There is no organisation " + id + "."));
        Map<String, Object> m = Forms.model(ctx, people.organization().name(), "organizations");
        m.put("people", people);
        templates.render(ctx, "organization.jte", m);
    }
}
