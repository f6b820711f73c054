package org.unsilo.gmail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.capture.AddressList;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureResult;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.InvalidCaptureException;
import org.unsilo.capture.LoggedMessages;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.capture.RobotSenders;
import org.unsilo.common.Change;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.LookupService;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.contacts.Views;
import org.unsilo.http.ApiException;
import org.unsilo.http.ForwardedHeaders;
import org.unsilo.http.Requests;
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
    private static final String GONE = "That contact no longer exists.";
    private static final String SAVED = "Contact saved.";

    /** One add-on endpoint: the verified event and caller in, the response JSON out. */
    @FunctionalInterface
    private interface Endpoint {
        String handle(AddOnEvent event, UserRow user);
    }

    private final AddOnAuthenticator authenticator;
    private final GmailReader gmail;
    private final Cards cards;
    private final AddOnResponses responses;
    private final LookupService lookup;
    private final ContactService contacts;
    private final OrganizationChoice organizations;
    private final CaptureService captures;
    private final LoggedMessages logged;
    private final ActivityRecorder activity;
    private final AddressParser parser;
    private final RobotSenders robots;
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
        this.lookup = lookup;
        this.contacts = contacts;
        this.organizations = new OrganizationChoice(organizations);
        this.captures = captures;
        this.logged = logged;
        this.activity = activity;
        this.parser = parser;
        this.robots = robots;
        this.mapper = mapper;
        this.limiter = limiter;
    }

    public void register(RoutesConfig routes) {
        route(routes, HOMEPAGE, true, this::homepage);
        route(routes, CONTEXTUAL, true, this::contextual);
        route(routes, COMPOSE, true, this::compose);
        action(routes, AddOnAction.SEARCH, this::search);
        action(routes, AddOnAction.PERSON, this::person);
        action(routes, AddOnAction.CONTACT_FORM, this::contactForm);
        action(routes, AddOnAction.SAVE_CONTACT, this::saveContact);
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
            String json;
            try {
                // Per user, not per address: Google calls from a few addresses of its own for every user of the company.
                limiter.user(user.id());
                json = endpoint.handle(event, user);
            } catch (ApiException e) {
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
        Listed people = peopleOn(roles(message), user, listMail);
        return cards.message(message.subject(), people.shown(), people.notLookedUp(), listMail,
                logged.find(message.internetMessageId(), user.id()), event.zone());
    }

    /** Compose: Google sends the draft's recipients (with the deployment's draft metadata access). */
    private String compose(AddOnEvent event, UserRow user) {
        List<RolePartyPair> parties = new ArrayList<>();
        if (event.gmail() != null) {
            addRecipients(parties, "To", event.gmail().toRecipients());
            addRecipients(parties, "Cc", event.gmail().ccRecipients());
            addRecipients(parties, "Bcc", event.gmail().bccRecipients());
        }
        Listed people = peopleOn(parties, user, false);
        return responses.show(cards.recipients(people.shown(), people.notLookedUp(), event.zone()));
    }

    private static void addRecipients(List<RolePartyPair> out, String role, List<String> recipients) {
        if (recipients != null) {
            recipients.stream().filter(r -> r != null && !r.isBlank())
                    .forEach(r -> AddressList.parties(r).forEach(p -> out.add(new RolePartyPair(role, p))));
        }
    }

    private String search(AddOnEvent event, UserRow user) {
        String query = event.formValue(Cards.QUERY);
        if (query == null) {
            return responses.notify("Type a name, e-mail address or organisation to search for.");
        }
        if (query.length() > 200) {
            return responses.notify("The search is too long; use at most 200 characters.");
        }
        activity.record(user.id(), "search", null, "gmail");
        List<Views.Contact> found = contacts.search(Requests.likePattern(query), 0, NameCursor.FIRST, SEARCH_RESULTS + 1);
        return responses.push(cards.searchResults(query, found, SEARCH_RESULTS));
    }

    private String person(AddOnEvent event, UserRow user) {
        Optional<Views.Contact> contact = contactParameter(event);
        if (contact.isEmpty()) {
            return responses.notify(GONE);
        }
        return responses.push(cards.person(personOf(contact.get(), user), event.zone()));
    }

    private Person personOf(Views.Contact contact, UserRow user) {
        if (contact.emails().isEmpty()) {
            return new Person("Contact", contact.name(), new Views.LookupResult("", true, false, contact,
                    contact.organization(), List.of(), List.of(), null, null), null);
        }
        return people(List.of(party("Contact", Party.of(contact.emails().get(0), contact.name()))), user, false).get(0);
    }

    private String contactForm(AddOnEvent event, UserRow user) {
        if (event.parameter("contactId") != null) {
            Optional<Views.Contact> contact = contactParameter(event);
            if (contact.isEmpty()) {
                return responses.notify(GONE);
            }
            Views.Contact c = contact.get();
            Person p = personOf(c, user);
            return p.lookup().internal() ? responses.notify(colleague(p))
                    : responses.push(cards.contactForm(c.emails().isEmpty() ? "" : c.emails().get(0), c, null, c.organization()));
        }
        Person p = addressed(event, user);
        if (!p.valid()) {
            return responses.notify(p.status());
        }
        if (p.lookup().internal()) {
            return responses.notify(colleague(p));
        }
        if (p.lookup().contact() != null) {
            Views.Contact c = p.lookup().contact();
            return responses.push(cards.contactForm(p.lookup().address(), c, null, c.organization()));
        }
        String suggested = event.parameter("name") != null ? event.parameter("name") : p.name();
        return responses.push(cards.contactForm(p.lookup().address(), null, suggested, p.lookup().organization()));
    }

    /** The person at the action parameter {@code address} (a new contact's form and its Save carry it). */
    private Person addressed(AddOnEvent event, UserRow user) {
        String address = event.parameter("address");
        if (address == null) {
            throw ApiException.badRequest("the contact form needs the parameter 'address' or 'contactId'");
        }
        return people(List.of(party("Contact", Party.raw(address))), user, false).get(0);
    }

    /** Colleagues are not edited as contacts, even one with a contact record (as in the Outlook pane). */
    private static String colleague(Person p) {
        return p.label() + " is a colleague: colleagues are not kept as contacts.";
    }

    /** What the contact form sends; an empty field is null. */
    private record ContactForm(String name, String title, String phone, String organization) {

        static ContactForm of(AddOnEvent event) {
            return new ContactForm(event.formValue(Cards.NAME), event.formValue(Cards.TITLE), event.formValue(Cards.PHONE),
                    event.formValue(Cards.ORGANIZATION));
        }

        /** Why the form cannot be saved as it is, or null. */
        String problem() {
            return name != null && name.length() > 300 ? "The name is too long (at most 300 characters)."
                    : title != null && title.length() > 300 ? "The job title is too long (at most 300 characters)."
                    : phone != null && phone.length() > 50 ? "The phone number is too long (at most 50 characters)."
                    : organization != null && organization.length() > 300
                            ? "The organisation is too long (at most 300 characters)."
                    : null;
        }
    }

    private String saveContact(AddOnEvent event, UserRow user) {
        ContactForm form = ContactForm.of(event);
        if (form.problem() != null) {
            return responses.notify(form.problem());
        }
        try {
            return event.parameter("contactId") != null ? saveEdit(event, user, form) : saveNew(event, user, form);
        } catch (ContactConflictException | InvalidFieldException e) {
            return responses.notify("Not saved: " + e.getMessage());
        }
    }

    private String saveEdit(AddOnEvent event, UserRow user, ContactForm form) {
        long id = id(event.parameter("contactId"));
        Optional<Views.Contact> found = contacts.find(id).map(ContactService.Found::contact);
        if (found.isEmpty()) {
            return responses.notify(GONE);
        }
        Views.Contact current = found.get();
        Person p = personOf(current, user);
        if (p.lookup().internal()) {
            return responses.notify(colleague(p));
        }
        // The form shows the title, the first phone and the organisation: an emptied title or phone clears it, an
        // unchanged field is left alone (so it stays free for details from signatures), and the other phones are kept.
        List<String> had = current.phones();
        String first = had.isEmpty() ? null : had.get(0);
        List<String> phones = Objects.equals(form.phone(), first) ? null : phonesWithFirst(form.phone(), had);
        String title = Objects.equals(form.title(), current.title()) ? null : form.title() == null ? "" : form.title();
        Views.OrganizationRef chosen = organizations.choose(form.organization(), current.organization());
        Change<Long> organizationId = chosen == null || chosen.equals(current.organization()) ? Change.keep()
                : Change.to(chosen.id());
        return contacts.update(user.id(), id, new ContactService.Edit(form.name(), title, organizationId, phones, null))
                .map(saved -> afterSave(event, saved, user))
                .orElseGet(() -> responses.notify(GONE));
    }

    private String saveNew(AddOnEvent event, UserRow user, ContactForm form) {
        Person p = addressed(event, user);
        if (p.valid() && p.lookup().internal()) {
            return responses.notify(colleague(p));
        }
        if (form.name() == null) {
            return responses.notify("Type a name for the contact.");
        }
        Views.OrganizationRef chosen = organizations.choose(form.organization(), p.lookup().organization());
        Views.Contact saved = contacts.create(user.id(), new ContactService.Edit(form.name(), form.title(),
                Change.to(chosen == null ? null : chosen.id()), form.phone() == null ? null : List.of(form.phone()),
                List.of(event.parameter("address"))));
        return afterSave(event, saved, user);
    }

    /**
     * The form was opened from a card that shows the contact as it was: the open message's card (the first one,
     * in Gmail's message view) or the contact's own card (found by a search). That card is replaced, so that going
     * back does not show it stale.
     */
    private String afterSave(AddOnEvent event, Views.Contact saved, UserRow user) {
        Person person = personOf(saved, user);
        if (event.gmail() == null || event.gmail().messageId() == null) {
            return responses.back(cards.person(person, event.zone()), SAVED);
        }
        try {
            return responses.backToRoot(messageCard(gmail.headers(event), user, event), SAVED);
        } catch (GmailReader.UnreadableMessageException e) {
            // The contact is saved all the same: show it in place of the form.
            return responses.update(cards.person(person, event.zone()), SAVED);
        }
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

    private Optional<Views.Contact> contactParameter(AddOnEvent event) {
        return contacts.find(id(event.parameter("contactId"))).map(ContactService.Found::contact);
    }

    private static long id(String raw) {
        try {
            long id = Long.parseLong(raw == null ? "" : raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // the problem below
        }
        throw ApiException.badRequest("action parameter is not a valid id: '" + raw + "'");
    }

    /** {@code had} with its first phone replaced by {@code phone} (removed when null). */
    private static List<String> phonesWithFirst(String phone, List<String> had) {
        List<String> out = new ArrayList<>(had.isEmpty() ? List.of() : had.subList(1, had.size()));
        if (phone != null) {
            out.add(0, phone);
        }
        return out;
    }

    /** A party and the header it came from. */
    private record RolePartyPair(String role, Party party) {
    }

    private static List<RolePartyPair> roles(GmailMessage m) {
        List<RolePartyPair> out = new ArrayList<>();
        if (m.from() != null) {
            out.add(new RolePartyPair("From", m.from()));
        }
        m.to().forEach(p -> out.add(new RolePartyPair("To", p)));
        m.cc().forEach(p -> out.add(new RolePartyPair("Cc", p)));
        return out;
    }

    /** A party as read: the header it came from, and its parsed address (or why it is not one). */
    private record Parsed(String role, Party party, ParsedParty parsed) {

        /** The same address is the same person, however it was written. */
        String key() {
            return parsed.isValid() ? parsed.email().address() : party.original();
        }
    }

    private Parsed party(String role, Party party) {
        return new Parsed(role, party, parser.parse(party));
    }

    /** The people a card shows, and how many more there are that it cannot (Google's limit on a card's sections). */
    private record Listed(List<Person> shown, int notLookedUp) {
    }

    /**
     * The people on a message or draft, once per address (the first role wins, so the sender comes first, then To
     * and Cc in header order), without the mailbox owner (as in the Outlook pane); only those a card can show are
     * looked up.
     */
    private Listed peopleOn(List<RolePartyPair> parties, UserRow viewer, boolean listMail) {
        Map<String, Parsed> distinct = new LinkedHashMap<>();
        for (RolePartyPair p : parties) {
            Parsed parsed = party(p.role(), p.party());
            if (!parsed.key().equalsIgnoreCase(viewer.email())) {
                distinct.putIfAbsent(parsed.key(), parsed);
            }
        }
        List<Parsed> all = List.copyOf(distinct.values());
        List<Parsed> shown = all.subList(0, Math.min(all.size(), Cards.PEOPLE_SHOWN));
        return new Listed(people(shown, viewer, listMail), all.size() - shown.size());
    }

    /**
     * What the CRM knows about each party, as the viewer may see it.
     *
     * @param listMail the parties are on list or bulk mail, whose sender the capture rules never make a contact
     */
    private List<Person> people(List<Parsed> parties, UserRow viewer, boolean listMail) {
        List<Views.LookupResult> results = lookup.lookup(parties.stream().map(Parsed::party).toList(), viewer.id());
        activity.record(viewer.id(), "lookup", null, Integer.toString(parties.size()));
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < parties.size(); i++) {
            Parsed p = parties.get(i);
            String automated = !p.parsed().isValid() ? null
                    : robots.isRobot(p.parsed().email()) ? "Automated sender"
                    : listMail && p.role().equals("From") ? "Bulk or list sender"
                    : null;
            people.add(new Person(p.role(), p.parsed().isValid() ? p.parsed().name() : null, results.get(i), automated));
        }
        return people;
    }
}
