package org.unsilo.gmail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.capture.AddressList;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureResult;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.InvalidCaptureException;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.capture.RobotSenders;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.LookupService;
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
    private static final int MAX_PEOPLE = 100;
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
    private final LookupService lookup;
    private final ContactService contacts;
    private final CaptureService captures;
    private final ActivityRecorder activity;
    private final AddressParser parser;
    private final RobotSenders robots;
    private final ObjectMapper mapper;
    private final RateLimiter limiter;

    /** @param authenticator null when the add-on is not configured: every endpoint then answers 404 */
    public GmailAddOn(AddOnAuthenticator authenticator, GmailReader gmail, Cards cards, LookupService lookup,
                      ContactService contacts, CaptureService captures, ActivityRecorder activity, AddressParser parser,
                      RobotSenders robots, ObjectMapper mapper, RateLimiter limiter) {
        this.authenticator = authenticator;
        this.gmail = gmail;
        this.cards = cards;
        this.responses = new AddOnResponses(mapper);
        this.lookup = lookup;
        this.contacts = contacts;
        this.captures = captures;
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
        return cards.people("People on this message", message.subject(), people(roles(message), user, listMail),
                listMail, true, event.zone());
    }

    /** Compose: Google sends the draft's recipients (with the deployment's draft metadata access). */
    private String compose(AddOnEvent event, UserRow user) {
        List<RolePartyPair> parties = new ArrayList<>();
        if (event.gmail() != null) {
            addRecipients(parties, "To", event.gmail().toRecipients());
            addRecipients(parties, "Cc", event.gmail().ccRecipients());
            addRecipients(parties, "Bcc", event.gmail().bccRecipients());
        }
        return responses.show(cards.people("Recipients", "What Unsilo knows about them", people(parties, user), false,
                false, event.zone()));
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
        return responses.push(cards.searchResults(query, contacts.search(Requests.likePattern(query), 0, 0, SEARCH_RESULTS + 1),
                SEARCH_RESULTS));
    }

    private String person(AddOnEvent event, UserRow user) {
        Optional<Views.Contact> contact = contactParameter(event);
        if (contact.isEmpty()) {
            return responses.notify("That contact no longer exists.");
        }
        return responses.push(cards.person(personOf(contact.get(), user), event.zone()));
    }

    private Person personOf(Views.Contact contact, UserRow user) {
        if (contact.emails().isEmpty()) {
            return new Person("Contact", contact.name(), new Views.LookupResult("", true, false, contact,
                    contact.organization(), List.of(), List.of(), null, null), null);
        }
        return people(List.of(new RolePartyPair("Contact", Party.of(contact.emails().get(0), contact.name()))), user).get(0);
    }

    private String contactForm(AddOnEvent event, UserRow user) {
        if (event.parameter("contactId") != null) {
            return contactParameter(event)
                    .map(c -> responses.push(cards.contactForm(c.emails().isEmpty() ? "" : c.emails().get(0), c, null,
                            c.organization())))
                    .orElseGet(() -> responses.notify("That contact no longer exists."));
        }
        String address = event.parameter("address");
        if (address == null) {
            throw ApiException.badRequest("the contact form needs the parameter 'address' or 'contactId'");
        }
        Person p = people(List.of(new RolePartyPair("Contact", Party.raw(address))), user).get(0);
        if (!p.valid()) {
            return responses.notify(p.status());
        }
        if (p.lookup().contact() != null) {
            Views.Contact c = p.lookup().contact();
            return responses.push(cards.contactForm(p.lookup().address(), c, null, c.organization()));
        }
        String suggested = event.parameter("name") != null ? event.parameter("name") : p.name();
        return responses.push(cards.contactForm(p.lookup().address(), null, suggested, p.lookup().organization()));
    }

    private String saveContact(AddOnEvent event, UserRow user) {
        String name = event.formValue(Cards.NAME);
        String title = event.formValue(Cards.TITLE);
        String phone = event.formValue(Cards.PHONE);
        String problem = name != null && name.length() > 300 ? "The name is too long (at most 300 characters)."
                : title != null && title.length() > 300 ? "The job title is too long (at most 300 characters)."
                : phone != null && phone.length() > 50 ? "The phone number is too long (at most 50 characters)."
                : null;
        if (problem != null) {
            return responses.notify(problem);
        }
        try {
            Views.Contact saved;
            if (event.parameter("contactId") != null) {
                long id = id(event.parameter("contactId"));
                Optional<Views.Contact> current = contacts.find(id).map(ContactService.Found::contact);
                if (current.isEmpty()) {
                    return responses.notify("That contact no longer exists.");
                }
                // The form shows the title and the first phone: an emptied field clears it, an unchanged one is left
                // alone (so it stays free for details from signatures), and the other phones are kept.
                List<String> had = current.get().phones();
                String first = had.isEmpty() ? null : had.get(0);
                List<String> phones = java.util.Objects.equals(phone, first) ? null : phonesWithFirst(phone, had);
                String newTitle = java.util.Objects.equals(title, current.get().title()) ? null : title == null ? "" : title;
                Optional<Views.Contact> updated = contacts.update(user.id(), id,
                        new ContactService.Edit(name, newTitle, null, phones, null));
                if (updated.isEmpty()) {
                    return responses.notify("That contact no longer exists.");
                }
                saved = updated.get();
            } else {
                String address = event.parameter("address");
                if (address == null) {
                    throw ApiException.badRequest("saving a contact needs the parameter 'address' or 'contactId'");
                }
                Long organization = event.parameter("organizationId") == null ? null : id(event.parameter("organizationId"));
                if (name == null) {
                    return responses.notify("Type a name for the contact.");
                }
                saved = contacts.create(user.id(), new ContactService.Edit(name, title, organization,
                        phone == null ? null : List.of(phone), List.of(address)));
            }
            return responses.update(cards.person(personOf(saved, user), event.zone()), "Contact saved.");
        } catch (ContactConflictException | InvalidFieldException e) {
            return responses.notify("Not saved: " + e.getMessage());
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
        return responses.update(messageCard(message, user, event), text);
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

    /** What the CRM knows about each party, once per address (the first role wins), as the viewer may see it. */
    private List<Person> people(List<RolePartyPair> parties, UserRow viewer) {
        return people(parties, viewer, false);
    }

    /** @param listMail the parties are on list or bulk mail, whose sender the capture rules never make a contact */
    private List<Person> people(List<RolePartyPair> parties, UserRow viewer, boolean listMail) {
        List<RolePartyPair> limited = parties.size() > MAX_PEOPLE ? parties.subList(0, MAX_PEOPLE) : parties;
        List<Views.LookupResult> results = lookup.lookup(limited.stream().map(RolePartyPair::party).toList(), viewer.id());
        activity.record(viewer.id(), "lookup", null, Integer.toString(limited.size()));
        List<Person> people = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < limited.size(); i++) {
            Views.LookupResult r = results.get(i);
            // The mailbox owner is not one of the people on their own mail (as in the Outlook pane).
            if (!seen.add(r.address()) || r.address().equalsIgnoreCase(viewer.email())) {
                continue;
            }
            ParsedParty parsed = parser.parse(limited.get(i).party());
            String role = limited.get(i).role();
            String automated = !parsed.isValid() ? null
                    : robots.isRobot(parsed.email()) ? "Automated sender"
                    : listMail && role.equals("From") ? "Bulk or list sender"
                    : null;
            people.add(new Person(role, parsed.isValid() ? parsed.name() : null, r, automated));
        }
        return people;
    }
}
