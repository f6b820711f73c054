package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.unsilo.auth.ApiTokens;
import org.unsilo.auth.UserService;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.Views;
import org.unsilo.relationships.Leavers;
import org.unsilo.relationships.RelationshipService;
import org.unsilo.store.HandoverRow;
import org.unsilo.store.UserRow;

/** Cooling relationships (mine and the team's) and the leavers' hand-over (admins). */
final class RelationshipPages {

    private static final int MAX_ROWS = 50;
    private static final int MAX_HANDOVER_ROWS = 500;

    private final RelationshipService relationships;
    private final ContactService contacts;
    private final UserService users;
    private final Leavers leavers;
    private final WebSessions sessions;
    private final ApiTokens tokens;
    private final Templates templates;

    RelationshipPages(RelationshipService relationships, ContactService contacts, UserService users, Leavers leavers,
                      WebSessions sessions, ApiTokens tokens, Templates templates) {
        this.relationships = relationships;
        this.contacts = contacts;
        this.users = users;
        this.leavers = leavers;
        this.sessions = sessions;
        this.tokens = tokens;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/cooling", this::cooling);
        routes.get("/leavers", this::leavers);
        routes.post("/leavers/depart", this::depart);
        routes.get("/leavers/{id}", this::leaver);
        routes.post("/leavers/{id}/handover", this::handOver);
    }

    private void cooling(Context ctx) {
        boolean team = "team".equals(ctx.queryParam("scope"));
        List<UserRow> staff = team ? users.all().stream().filter(UserRow::isActive).toList()
                : List.of(WebFilter.session(ctx).user());
        List<CoolingRow> rows = new ArrayList<>();
        Map<Long, UserRow> byId = staff.stream().collect(Collectors.toMap(UserRow::id, Function.identity()));
        // One more than shown, to say when there are more.
        List<RelationshipService.Cooling> found = relationships.cooling(byId.keySet(), MAX_ROWS + 1);
        List<RelationshipService.Cooling> top = found.subList(0, Math.min(MAX_ROWS, found.size()));
        Map<Long, Views.Contact> people = contacts.byIds(top.stream().map(c -> c.relationship().contactId()).distinct().toList())
                .stream().collect(Collectors.toMap(Views.Contact::id, Function.identity()));
        for (RelationshipService.Cooling c : top) {
            rows.add(new CoolingRow(people.get(c.relationship().contactId()), byId.get(c.relationship().userId()),
                    Instant.ofEpochMilli(c.relationship().lastAt()), Duration.ofMillis(c.medianGapMillis()).toDays(),
                    c.relationship().score()));
        }
        Map<String, Object> m = Forms.model(ctx, "Cooling relationships", "cooling");
        m.put("team", team);
        m.put("rows", rows);
        m.put("more", found.size() > MAX_ROWS);
        templates.render(ctx, "cooling.jte", m);
    }

    private void leavers(Context ctx) {
        List<UserRow> all = users.all();
        Map<String, Object> m = Forms.model(ctx, "Leavers", "leavers");
        m.put("active", all.stream().filter(UserRow::isActive).toList());
        m.put("departed", all.stream().filter(u -> !u.isActive()).map(u -> new LeaverRow(u, leavers.openCount(u.id()))).toList());
        templates.render(ctx, "leavers.jte", m);
    }

    private void depart(Context ctx) {
        long userId = Forms.id(ctx.formParam("user"), "colleague");
        try {
            leavers.depart(Forms.userId(ctx), userId);
        } catch (InvalidFieldException e) {
            throw WebReject.status(400, e.getMessage());
        }
        sessions.endAllOf(userId);
        tokens.invalidateUser(userId);
        ctx.redirect("/leavers/" + userId, HttpStatus.SEE_OTHER);
    }

    private void leaver(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        UserRow user = users.find(id).orElseThrow(() -> WebReject.status(404, "There is no colleague " + id + "."));
        Map<String, Object> m = Forms.model(ctx, "Hand-over: " + user.displayName(), "leavers");
        m.put("leaver", user);
        // One more than shown, to say when there are more.
        List<HandoverRow> rows = leavers.relationshipsOf(id, MAX_HANDOVER_ROWS + 1);
        m.put("rows", rows.subList(0, Math.min(MAX_HANDOVER_ROWS, rows.size())));
        m.put("more", rows.size() > MAX_HANDOVER_ROWS);
        m.put("colleagues", users.all().stream().filter(u -> u.isActive() && u.id() != id).toList());
        m.put("handedOver", Forms.queryLong(ctx, "handedOver"));
        templates.render(ctx, "leaver.jte", m);
    }

    private void handOver(Context ctx) {
        long from = Forms.pathId(ctx, "id");
        long to = Forms.id(ctx.formParam("to"), "colleague to hand over to");
        List<Long> contactIds = Forms.ids(ctx.formParams("contact"), "contact");
        if (contactIds.isEmpty()) {
            throw WebReject.status(400, "Tick at least one contact to hand over.");
        }
        int n;
        try {
            n = leavers.handOver(Forms.userId(ctx), from, contactIds, to);
        } catch (InvalidFieldException e) {
            throw WebReject.status(400, e.getMessage());
        }
        ctx.redirect("/leavers/" + from + "?handedOver=" + n, HttpStatus.SEE_OTHER);
    }
}
