package org.unsilo.gmail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.capture.AddressList;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureResult;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.InvalidCaptureException;
import org.unsilo.capture.LoggedMessages;
import org.unsilo.capture.RobotSenders;
import org.unsilo.common.Search;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.LookupService;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.contacts.Views;
import org.unsilo.http.ApiException;
import org.unsilo.http.CountedStatus;
import org.unsilo.http.ForwardedHeaders;
import org.unsilo.http.RequestLog;
import org.unsilo.ratelimit.RateLimiter;
import org.unsilo.store.UserRow;

/**
 * The Gmail add-on's HTTP endpoints (Google Workspace add-on, HTTP runtime; DESIGN.md §8). Google posts an event
 * object to each; every request is authenticated by {@link AddOnAuthenticator} before anything is read, and answered
 * with card JSON: once the caller is known, a refusal too (a {@link Refusal}), since Google shows the user nothing
 * of an HTTP error. These routes are not part of the /api surface: they sit outside the API-token filter and the
 * OpenAPI document, and their URLs are fixed by the deployment resource.
 */
public final class GmailAddOn {

    public static final String HOMEPAGE = "/gmail/homepage";
    public static final String CONTEXTUAL = "/gmail/contextual";
    public static final String COMPOSE = "/gmail/compose";

    private static final int RECENT = 5;
    private static final int SEARCH_RESULTS = 20;
    private static final String UNREADABLE = "Unsilo could not read this message";

    /** One add-on endpoint: the verified event and caller in, the response JSON out. */
    @FunctionalInterface
    private interface Endpoint {
        String handle(AddOnEvent event, UserRow user);
    }

    private final AddOnAuthenticator authenticator;
    private final GmailReader gmail;
    private final Cards cards;
    private final AddOnResponses responses;
    private final ContactService contacts;
    private final PeopleLookup people;
    private final ContactEditor editor;
    private final CaptureService captures;
    private final LoggedMessages logged;
    private final ActivityRecorder activity;
    private final ObjectMapper mapper;
    private final RateLimiter limiter;

    /** @param authenticator null when the add-on is not configured: every endpoint then answers 404 */
    public GmailAddOn(AddOnAuthenticator authenticator, GmailReader gmail, Cards cards, LookupService lookup,
                      ContactService contacts, OrganizationService organizations, CaptureService captures,
                      LoggedMessages logged, ActivityRecorder activity, AddressParser parser, RobotSenders robots,
                      ObjectMapper mapper, RateLimiter limiter) {
        this.authenticator = authenticator;
        this.gmail = gmail;
        this.cards = cards;
        this.responses = new AddOnResponses(mapper);
        this.contacts = contacts;
        this.people = new PeopleLookup(lookup, activity, parser, robots);
        this.editor = new ContactEditor(cards, responses, contacts, organizations, people,
                (event, user) -> messageCard(gmail.headers(event), user, event));
        this.captures = captures;
        this.logged = logged;
        this.activity = activity;
        this.mapper = mapper;
        this.limiter = limiter;
    }

    public void register(RoutesConfig routes) {
        route(routes, HOMEPAGE, true, this::homepage);
        route(routes, CONTEXTUAL, true, this::contextual);
        route(routes, COMPOSE, true, this::compose);
        action(routes, AddOnAction.SEARCH, this::search);
        action(routes, AddOnAction.PERSON, this::person);
        action(routes, AddOnAction.CONTACT_FORM, editor::open);
        action(routes, AddOnAction.SAVE_CONTACT, editor::save);
        action(routes, AddOnAction.RENAME_ORGANIZATION, editor::rename);
        action(routes, AddOnAction.CANCEL_RENAME, editor::cancelRename);
        action(routes, AddOnAction.LOG, (event, user) -> log(event, user, false));
        action(routes, AddOnAction.LOG_PRIVATE, (event, user) -> log(event, user, true));
    }

    private void action(RoutesConfig routes, AddOnAction action, Endpoint endpoint) {
        route(routes, action.path(), false, endpoint);
    }

    /** @param trigger Google opens the add-on with this call (it must answer a card); else it is a click on one */
    private void route(RoutesConfig routes, String path, boolean trigger, Endpoint endpoint) {
        routes.post(path, ctx -> {
            if (authenticator == null) {
                throw ApiException.notFound("the Gmail add-on is not enabled on this server; set "
                        + "UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT, UNSILO_GOOGLE_ADDON_CLIENT_ID and UNSILO_GOOGLE_WORKSPACE_DOMAINS");
            }
            AddOnEvent event;
            UserRow user;
            try {
                event = event(ctx);
                user = authenticator.authenticate(path, ctx.header("Authorization"), event);
            } catch (ApiException e) {
                // Not Google, or no user of ours: counted per address like any request without a valid credential.
                limiter.address(ForwardedHeaders.caller(ctx).ip());
                throw e;
            }
            ctx.attribute(RequestLog.USER_ID, user.id());
            String json;
            try {
                // Per user, not per address: Google calls from a few addresses of its own for every user of the company.
                limiter.user(user.id());
                json = endpoint.handle(event, user);
            } catch (ApiException e) {
                // The user is told in a card, with a 200; the request log and the metrics count what it was.
                CountedStatus.refused(ctx, e.status());
                Refusal refusal = Refusal.of(e);
                json = trigger ? responses.show(cards.notice(refusal.title(), refusal.text())) : responses.notify(refusal.text());
            }
            ctx.header("Cache-Control", "no-store").contentType("application/json").result(json);
        });
    }

    private AddOnEvent event(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("request body is empty; Google posts an add-on event object");
        }
        try {
            AddOnEvent event = mapper.readValue(body, AddOnEvent.class);
            if (event == null) {
                throw ApiException.badRequest("request body is null; Google posts an add-on event object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not an add-on event object: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read request body: " + e.getMessage());
        }
    }

    private String homepage(AddOnEvent event, UserRow user) {
        return responses.show(cards.homepage(contacts.recentOf(user.id(), RECENT), event.zone()));
    }

    private String contextual(AddOnEvent event, UserRow user) {
        try {
            return responses.show(messageCard(gmail.headers(event), user, event));
        } catch (GmailReader.UnreadableMessageException e) {
            return responses.show(cards.notice(UNREADABLE, e.getMessage()));
        }
    }

    private com.google.apps.card.v1.Card messageCard(GmailMessage message, UserRow user, AddOnEvent event) {
        boolean listMail = RobotSenders.isListOrBulk(message.captureHeaders());
        PeopleLookup.Listed on = people.on(roles(message), user, listMail);
        return cards.message(message.subject(), on.shown(), on.notLookedUp(), listMail,
                logged.find(message.internetMessageId(), user.id()), event.zone());
    }

    /** Compose: Google sends the draft's recipients (with the deployment's draft metadata access). */
    private String compose(AddOnEvent event, UserRow user) {
        List<PeopleLookup.OnMail> parties = new ArrayList<>();
        if (event.gmail() != null) {
            addRecipients(parties, "To", event.gmail().toRecipients());
            addRecipients(parties, "Cc", event.gmail().ccRecipients());
            addRecipients(parties, "Bcc", event.gmail().bccRecipients());
        }
        PeopleLookup.Listed on = people.on(parties, user, false);
        return responses.show(cards.recipients(on.shown(), on.notLookedUp(), event.zone()));
    }

    private static void addRecipients(List<PeopleLookup.OnMail> out, String role, List<String> recipients) {
        if (recipients != null) {
            recipients.stream().filter(r -> r != null && !r.isBlank())
                    .forEach(r -> AddressList.parties(r).forEach(p -> out.add(new PeopleLookup.OnMail(role, p))));
        }
    }

    private String search(AddOnEvent event, UserRow user) {
        String query = event.formValue(Cards.QUERY);
        if (query == null) {
            return responses.notify("Type a name, e-mail address or organisation to search for.");
        }
        if (query.length() > Search.MAX_LENGTH) {
            return responses.notify("The search is too long; use at most " + Search.MAX_LENGTH + " characters.");
        }
        activity.record(user.id(), "search", null, "gmail");
        List<Views.Contact> found = contacts.search(Search.containing(query), 0, NameCursor.FIRST, SEARCH_RESULTS + 1);
        return responses.push(cards.searchResults(query, found, SEARCH_RESULTS));
    }

    private String person(AddOnEvent event, UserRow user) {
        Optional<Views.Contact> contact = contacts.find(event.idParameter("contactId")).map(ContactService.Found::contact);
        if (contact.isEmpty()) {
            return responses.notify(ContactEditor.GONE);
        }
        return responses.push(cards.person(people.of(contact.get(), user), event.zone()));
    }

    private String log(AddOnEvent event, UserRow user, boolean markPrivate) {
        GmailMessage message;
        try {
            message = gmail.withText(event);
        } catch (GmailReader.UnreadableMessageException e) {
            return responses.notify(UNREADABLE + ": " + e.getMessage());
        }
        if (message.from() == null) {
            return responses.notify("This message has no sender address, so it cannot be logged.");
        }
        CaptureResult result;
        try {
            result = captures.capture(new Capture(Capture.Source.GMAIL, user.id(), message.internetMessageId(),
                    message.id(), message.threadId(), message.subject(), message.sentAt(), message.from(), message.to(),
                    message.cc(), message.bodyText(), null, message.captureHeaders(), markPrivate));
        } catch (InvalidCaptureException e) {
            return responses.notify("Cannot log this message: " + e.getMessage());
        }
        activity.record(user.id(), "capture", result.message().id(), Capture.Source.GMAIL.wireName());
        String text = result.created()
                ? (markPrivate ? "Conversation logged as private." : "Conversation logged.")
                : (markPrivate ? "Already logged; it is now private." : "Already logged: nothing new was stored.");
        // The message's card is the first one: the one to show again, now saying that the message is logged.
        return responses.backToRoot(messageCard(message, user, event), text);
    }

    private static List<PeopleLookup.OnMail> roles(GmailMessage m) {
        List<PeopleLookup.OnMail> out = new ArrayList<>();
        if (m.from() != null) {
            out.add(new PeopleLookup.OnMail("From", m.from()));
        }
        m.to().forEach(p -> out.add(new PeopleLookup.OnMail("To", p)));
        m.cc().forEach(p -> out.add(new PeopleLookup.OnMail("Cc", p)));
        return out;
    }
}
