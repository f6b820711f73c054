package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.unsilo.common.Change;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.MergeUndo;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.Views;
import org.unsilo.relationships.Leavers;
import org.unsilo.store.ConversationRow;

/**
 * Contacts: search, the detail page (every address, who knows them, the conversations this viewer may see), edit,
 * merge with undo, and the duplicate review. Conversations come from {@link ContactService#timelineRows}, which
 * leaves out private messages of which the viewer holds no copy.
 */
final class ContactPages {

    static final int PAGE = 25;
    static final int TIMELINE_PAGE = 20;
    /** Groups the duplicates page shows; merging some brings the next ones up. */
    private static final int DUPLICATE_GROUPS = 30;

    private final ContactService contacts;
    private final MergeUndo undo;
    private final Leavers leavers;
    private final Templates templates;

    ContactPages(ContactService contacts, MergeUndo undo, Leavers leavers, Templates templates) {
        this.contacts = contacts;
        this.undo = undo;
        this.leavers = leavers;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/contacts", this::list);
        routes.get("/contacts/{id}", this::detail);
        routes.get("/contacts/{id}/timeline", this::timeline);
        routes.post("/contacts/{id}", this::edit);
        routes.post("/contacts/{id}/merge", this::mergeInto);
        routes.post("/contacts/merges/undo", this::undoMerges);
        routes.get("/duplicates", this::duplicates);
        routes.post("/duplicates/merge", this::mergeDuplicates);
        routes.post("/duplicates/different", this::markDifferent);
        routes.post("/duplicates/different/undo", this::unmarkDifferent);
    }

    private void list(Context ctx) {
        // Like the other lists' positions, one that is not valid starts over.
        NameCursor after = NameCursor.parse(ctx.queryParam("after")).orElse(NameCursor.FIRST);
        List<Views.Contact> page = contacts.search(Forms.search(ctx), 0, after, PAGE + 1);
        Map<String, Object> m = Forms.model(ctx, "Contacts", "contacts");
        m.put("q", Forms.query(ctx));
        m.put("contacts", page.subList(0, Math.min(PAGE, page.size())));
        m.put("nextAfter", page.size() > PAGE ? NameCursor.after(page.get(PAGE - 1)).encode() : null);
        templates.render(ctx, "contacts.jte", m);
    }

    private void detail(Context ctx) {
        detail(ctx, Forms.pathId(ctx, "id"), null, null, 200);
    }

    /** The contact's page; {@code typed} (with {@code error}) when an edit was refused, so nothing typed is lost. */
    private void detail(Context ctx, long id, ContactForm typed, String error, int status) {
        ContactService.Found found = contacts.find(id).orElseThrow(() -> WebReject.status(404, "There is no contact " + id + "."));
        if (found.contact() == null) {
            ctx.redirect("/contacts/" + found.mergedInto(), HttpStatus.SEE_OTHER);
            return;
        }
        Map<String, Object> m = Forms.model(ctx, displayName(found.contact()), "contacts");
        m.put("contact", found.detail());
        m.put("knownBy", contacts.knownBy(id));
        m.put("handovers", leavers.handoversOf(id));
        m.put("timeline", timelinePage(id, Forms.userId(ctx), 0, 0));
        m.put("undo", undo.undoable(Forms.idList(ctx.queryParam("merged"))));
        m.put("saved", ctx.queryParam("saved") != null);
        m.put("form", typed != null ? typed : ContactForm.of(found.detail()));
        m.put("error", error);
        templates.render(ctx, status, "contact.jte", m);
    }

    private Timeline timelinePage(long contactId, long viewerId, long beforeSent, long beforeId) {
        List<ConversationRow> rows = contacts.timelineRows(contactId, viewerId, beforeSent, beforeId, TIMELINE_PAGE + 1);
        List<ConversationRow> shown = rows.subList(0, Math.min(TIMELINE_PAGE, rows.size()));
        String next = rows.size() > TIMELINE_PAGE
                ? shown.get(shown.size() - 1).sentAt() + "-" + shown.get(shown.size() - 1).id() : null;
        return new Timeline(contactId, shown.stream().map(ContactService::conversation).toList(), next);
    }

    /** The next timeline page for htmx ("Older conversations"). */
    private void timeline(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        String[] before = ctx.queryParamAsClass("before", String.class).getOrDefault("0-0").split("-");
        long sent;
        long beforeId;
        try {
            sent = Long.parseLong(before[0]);
            beforeId = before.length > 1 ? Long.parseLong(before[1]) : 0;
        } catch (NumberFormatException e) {
            throw WebReject.status(400, "That is not a position in the timeline.");
        }
        Map<String, Object> m = Forms.model(ctx, "Timeline", "contacts");
        m.put("timeline", timelinePage(id, Forms.userId(ctx), sent, beforeId));
        templates.render(ctx, "timeline.jte", m);
    }

    private void edit(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        // A field sent empty clears the value (a job title, the phones); one not sent at all leaves it as it is.
        // The form has no organisation field: it stays as it is. The rules are the service's (FieldRules): the name,
        // title and phones the contact holds come back in the form and pass there, even a name the API accepted (up to
        // 300 characters) or one an old address book gave it with a control character, so that they do not make every
        // later save of the contact fail; a new bad value is refused there, in words the form shows.
        List<String> phones = Forms.lines(ctx, "phones", ContactForm.phonesMaxLength(contacts.stored(id)));
        String email = Forms.text(ctx, "addEmail", 320);
        ContactService.Edit edit = new ContactService.Edit(Forms.typed(ctx, "name"), Forms.clearable(ctx, "title"),
                Change.keep(), phones, email == null ? null : List.of(email));
        try {
            contacts.update(Forms.userId(ctx), id, edit).orElseThrow(() -> WebReject.status(404, "There is no contact " + id + "."));
        } catch (InvalidFieldException | ContactConflictException e) {
            detail(ctx, id, new ContactForm(ctx.formParam("name"), ctx.formParam("title"), ctx.formParam("phones"),
                    ctx.formParam("addEmail")), "Not saved: " + e.getMessage() + ".", e instanceof ContactConflictException ? 409 : 400);
            return;
        }
        ctx.redirect("/contacts/" + id + "?saved=1", HttpStatus.SEE_OTHER);
    }

    private void mergeInto(Context ctx) {
        long id = Forms.pathId(ctx, "id");
        long source = Forms.id(ctx.formParam("source"), "contact to merge (its number, shown on its page)");
        redirectAfterMerge(ctx, id, source, "/contacts/" + id);
    }

    private void mergeDuplicates(Context ctx) {
        long target = Forms.id(ctx.formParam("target"), "contact to keep");
        long source = Forms.id(ctx.formParam("source"), "duplicate");
        redirectAfterMerge(ctx, target, source, "/duplicates");
    }

    private void markDifferent(Context ctx) {
        List<Long> ids = Forms.ids(ctx.formParams("contact"), "contact");
        try {
            contacts.markDifferentPeople(Forms.userId(ctx), ids);
        } catch (InvalidFieldException e) {
            throw WebReject.status(400, e.getMessage());
        }
        ctx.redirect("/duplicates?different=" + ids.stream().map(String::valueOf).collect(Collectors.joining(",")),
                HttpStatus.SEE_OTHER);
    }

    private void unmarkDifferent(Context ctx) {
        contacts.unmarkDifferentPeople(Forms.userId(ctx), Forms.ids(ctx.formParams("contact"), "contact"));
        ctx.redirect("/duplicates?notDifferent=1", HttpStatus.SEE_OTHER);
    }

    private void redirectAfterMerge(Context ctx, long target, long source, String back) {
        ContactService.Merged merged;
        try {
            merged = contacts.mergeUndoable(Forms.userId(ctx), target, List.of(source))
                    .orElseThrow(() -> WebReject.status(404, "There is no contact " + target + "."));
        } catch (ContactConflictException e) {
            throw WebReject.status(409, e.getMessage());
        }
        ctx.redirect(back + "?merged=" + merged.mergeIds().stream().map(String::valueOf).collect(Collectors.joining(",")),
                HttpStatus.SEE_OTHER);
    }

    private void undoMerges(Context ctx) {
        List<Long> ids = Forms.ids(ctx.formParams("merge"), "merge");
        List<Long> restored;
        try {
            restored = undo.undo(Forms.userId(ctx), ids);
        } catch (ContactConflictException e) {
            throw WebReject.status(409, e.getMessage());
        }
        String back = LoginPages.safeNext(ctx.formParam("back"));
        ctx.redirect(back + (back.contains("?") ? "&" : "?") + "restored=" + restored.size(), HttpStatus.SEE_OTHER);
    }

    private void duplicates(Context ctx) {
        Map<String, Object> m = Forms.model(ctx, "Duplicates", "duplicates");
        List<List<Views.Contact>> groups = contacts.duplicateGroups(DUPLICATE_GROUPS + 1);
        m.put("groups", groups.subList(0, Math.min(DUPLICATE_GROUPS, groups.size())));
        m.put("more", groups.size() > DUPLICATE_GROUPS);
        m.put("undo", undo.undoable(Forms.idList(ctx.queryParam("merged"))));
        m.put("restored", Forms.queryLong(ctx, "restored"));
        m.put("different", Forms.idList(ctx.queryParam("different")));
        m.put("notDifferent", ctx.queryParam("notDifferent") != null);
        templates.render(ctx, "duplicates.jte", m);
    }

    static String displayName(Views.Contact c) {
        return c.name() != null && !c.name().isBlank() ? c.name() : c.emails().isEmpty() ? "Contact " + c.id() : c.emails().get(0);
    }
}
