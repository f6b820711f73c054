package org.unsilo.api;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.unsilo.auth.Principal;
import org.unsilo.auth.UserService;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.Views;
import org.unsilo.http.ApiException;
import org.unsilo.http.Cursor;
import org.unsilo.http.Page;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.relationships.RelationshipService;
import org.unsilo.relationships.Strength;
import org.unsilo.store.RelationshipRow;

/** {@code GET /api/v1/relationships}: a staff member's relationships, or only the cooling ones. */
public final class RelationshipsApi {

    private static final long DAY = 86_400_000L;

    private final RelationshipService relationships;
    private final ContactService contacts;
    private final UserService users;
    private final Strength strength;
    private final Clock clock;

    public RelationshipsApi(RelationshipService relationships, ContactService contacts, UserService users, Strength strength,
                            Clock clock) {
        this.relationships = relationships;
        this.contacts = contacts;
        this.users = users;
        this.strength = strength;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/relationships", this::list);
    }

    private void list(Context ctx) {
        Principal p = Requests.principal(ctx);
        long userId = p.userId();
        if (ctx.queryParam("user") != null) {
            userId = Requests.queryId(ctx, "user");
            if (userId != p.userId() && !p.isAdmin()) {
                throw ApiException.forbidden("only admins can see other staff members' relationships");
            }
            if (users.find(userId).isEmpty()) {
                throw ApiException.notFound("there is no staff member " + userId);
            }
        }
        long now = clock.millis();
        int limit = Requests.limit(ctx);
        long after = Cursor.decode(ctx.queryParam("cursor"), 1)[0];
        if (Requests.queryFlag(ctx, "cooling")) {
            List<RelationshipService.Cooling> cooling = relationships.cooling(userId);
            Map<Long, Views.Contact> byId = contactsOf(cooling.stream().map(c -> c.relationship().contactId()).toList());
            List<Views.Relationship> items = new ArrayList<>();
            for (RelationshipService.Cooling c : cooling) {
                items.add(view(c.relationship(), byId, now, c.medianGapMillis() / DAY));
            }
            ctx.json(new Page<>(items, null));
            return;
        }
        List<RelationshipRow> rows = relationships.ofUser(userId, after, limit + 1);
        Page<RelationshipRow> page = Page.of(rows, limit, r -> Cursor.encode(r.contactId()));
        Map<Long, Views.Contact> byId = contactsOf(page.items().stream().map(RelationshipRow::contactId).toList());
        ctx.json(page.map(r -> view(r, byId, now, null)));
    }

    private Map<Long, Views.Contact> contactsOf(List<Long> ids) {
        return contacts.byIds(ids).stream().collect(Collectors.toMap(Views.Contact::id, Function.identity()));
    }

    private Views.Relationship view(RelationshipRow r, Map<Long, Views.Contact> contactsById, long now, Long medianGapDays) {
        return new Views.Relationship(contactsById.get(r.contactId()), strength.strengthAt(r.score(), now),
                Instant.ofEpochMilli(r.firstAt()), Instant.ofEpochMilli(r.lastAt()), r.sentCount(), r.receivedCount(),
                r.messageCount(), medianGapDays);
    }
}
