package org.unsilo.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.unsilo.auth.Principal;
import org.unsilo.common.Change;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.FieldRules;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.Views;
import org.unsilo.http.ApiException;
import org.unsilo.http.Cursor;
import org.unsilo.http.Page;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.store.ConversationRow;

/** Contacts: list and search, create, read, edit, delete, timeline, merge. */
public final class ContactsApi {

    private final ContactService contacts;
    private final Requests requests;

    public ContactsApi(ContactService contacts, Requests requests) {
        this.contacts = contacts;
        this.requests = requests;
    }

    /**
     * A contact as a request sets it; a PATCH is a merge patch (RFC 7396). A field left out stays as it is; a title,
     * organisation or phone list sent as null is removed (an empty title or phone list clears it too). A name cannot
     * be removed: null leaves it as it is. {@code emails} are addresses to add.
     */
    record ContactInput(String name, Change<String> title, Change<Long> organizationId, Change<List<String>> phones,
                        List<String> emails) {
    }

    record MergeRequest(List<Long> contactIds) {
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/contacts", this::list);
        routes.post("/api/v1/contacts", this::create);
        routes.get("/api/v1/contacts/{id}", this::get);
        routes.patch("/api/v1/contacts/{id}", this::update);
        routes.delete("/api/v1/contacts/{id}", this::delete);
        routes.get("/api/v1/contacts/{id}/timeline", this::timeline);
        routes.post("/api/v1/contacts/{id}/merge", this::merge);
    }

    private void list(Context ctx) {
        Requests.principal(ctx);
        int limit = Requests.limit(ctx);
        NameCursor after = NameCursor.parse(ctx.queryParam("cursor")).orElseThrow(Cursor::invalid);
        long orgId = Requests.queryId(ctx, "organization");
        List<Views.Contact> items = contacts.search(Requests.search(ctx), orgId, after, limit + 1);
        ctx.json(Page.of(items, limit, c -> NameCursor.after(c).encode()));
    }

    private void create(Context ctx) {
        Principal p = Requests.principal(ctx);
        ContactInput in = requests.body(ctx, ContactInput.class);
        validate(in, true, FieldRules.Stored.NONE);
        Views.Contact created = contacts.create(p.userId(), edit(in));
        ctx.status(201).header("Location", "/api/v1/contacts/" + created.id()).json(created);
    }

    private void get(Context ctx) {
        Requests.principal(ctx);
        long id = Requests.pathId(ctx, "id");
        ContactService.Found found = contacts.find(id).orElseThrow(() -> ApiException.notFound("contact " + id + " does not exist"));
        if (found.mergedInto() != null) {
            ctx.status(301).header("Location", "/api/v1/contacts/" + found.mergedInto())
                    .json(Map.of("id", id, "mergedInto", found.mergedInto()));
            return;
        }
        ctx.json(found.detail());
    }

    private void update(Context ctx) {
        Principal p = Requests.principal(ctx);
        long id = Requests.pathId(ctx, "id");
        ContactInput in = requests.body(ctx, ContactInput.class);
        validate(in, false, contacts.stored(id));
        ctx.json(contacts.update(p.userId(), id, edit(in))
                .orElseThrow(() -> ApiException.notFound("contact " + id + " does not exist or was merged")));
    }

    private void delete(Context ctx) {
        Principal p = Requests.principal(ctx);
        long id = Requests.pathId(ctx, "id");
        if (!contacts.delete(p.userId(), id)) {
            throw ApiException.notFound("contact " + id + " does not exist or was merged");
        }
        ctx.status(204);
    }

    private void timeline(Context ctx) {
        Principal p = Requests.principal(ctx);
        long id = Requests.pathId(ctx, "id");
        ContactService.Found found = contacts.find(id).orElseThrow(() -> ApiException.notFound("contact " + id + " does not exist"));
        if (found.mergedInto() != null) {
            // Its conversations moved with the merge: the timeline is the merged contact's, as GET /contacts/{id} says.
            ctx.status(301).header("Location", "/api/v1/contacts/" + found.mergedInto() + "/timeline")
                    .json(Map.of("id", id, "mergedInto", found.mergedInto()));
            return;
        }
        int limit = Requests.limit(ctx);
        long[] cursor = Cursor.decode(ctx.queryParam("cursor"), 2);
        List<ConversationRow> rows = contacts.timelineRows(id, p.userId(), cursor[0], cursor[1], limit + 1);
        ctx.json(Page.of(rows, limit, last -> Cursor.encode(last.sentAt(), last.id())).map(ContactService::conversation));
    }

    private void merge(Context ctx) {
        Principal p = Requests.principal(ctx);
        long id = Requests.pathId(ctx, "id");
        MergeRequest in = requests.body(ctx, MergeRequest.class);
        new Checks().require("contactIds", in.contactIds()).size("contactIds", in.contactIds(), 100).throwIfAny();
        if (in.contactIds().isEmpty() || in.contactIds().contains(null)) {
            throw ApiException.validation(List.of(new org.unsilo.http.Problem.FieldError("contactIds",
                    "must list the ids of the contacts to merge into this one")));
        }
        ctx.json(contacts.merge(p.userId(), id, in.contactIds())
                .orElseThrow(() -> ApiException.notFound("contact " + id + " does not exist or was merged")));
    }

    /** @param stored what the contact holds: a value it has already is sent back, not changed, and passes */
    private static void validate(ContactInput in, boolean creating, FieldRules.Stored stored) {
        List<String> phones = in.phones().value();
        Checks checks = new Checks();
        FieldRules.name(in.name(), stored, checks.fields());
        FieldRules.title(in.title().value(), stored, checks.fields());
        checks.size("emails", in.emails(), 50);
        if (creating && (in.emails() == null || in.emails().isEmpty()) && (in.name() == null || in.name().isBlank())) {
            checks.fail("emails", "a new contact needs at least a name or an address");
        }
        if (!creating && in.name() != null && in.name().isBlank()) {
            checks.fail("name", "must not be empty; leave it out to keep the name");
        }
        FieldRules.phones(phones, stored, checks.fields());
        if (in.emails() != null) {
            for (int i = 0; i < in.emails().size(); i++) {
                checks.require("emails[" + i + "]", in.emails().get(i)).line("emails[" + i + "]", in.emails().get(i), 320);
            }
        }
        checks.throwIfAny();
    }

    private static ContactService.Edit edit(ContactInput in) {
        return new ContactService.Edit(in.name(), orEmpty(in.title(), ""), in.organizationId(), orEmpty(in.phones(), List.of()),
                in.emails());
    }

    /** A field as {@link ContactService.Edit} takes one that has an empty value: null to keep it, empty to clear it. */
    private static <T> T orEmpty(Change<T> change, T empty) {
        return change.given() && change.value() == null ? empty : change.value();
    }
}
