package org.unsilo.gmail;

import com.google.apps.card.v1.Card;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.unsilo.common.Change;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.contacts.Views;
import org.unsilo.http.ApiException;
import org.unsilo.store.UserRow;

/**
 * The add-on's contact form: opening it for a known contact or a new address, and saving what it sends (name, job
 * title, first phone and organisation). Colleagues ({@link Person#colleague}) are refused, as in the Outlook pane.
 */
final class ContactEditor {

    static final String GONE = "That contact no longer exists.";
    private static final String SAVED = "Contact saved.";

    /** The open message's card as it is now: after a save it replaces the stale one under the form. */
    @FunctionalInterface
    interface MessageCard {
        Card current(AddOnEvent event, UserRow user) throws GmailReader.UnreadableMessageException;
    }

    private final Cards cards;
    private final AddOnResponses responses;
    private final ContactService contacts;
    private final OrganizationChoice organizations;
    private final OrganizationService organizationService;
    private final PeopleLookup people;
    private final MessageCard messageCard;

    ContactEditor(Cards cards, AddOnResponses responses, ContactService contacts, OrganizationService organizations,
                  PeopleLookup people, MessageCard messageCard) {
        this.cards = cards;
        this.responses = responses;
        this.contacts = contacts;
        this.organizations = new OrganizationChoice(organizations);
        this.organizationService = organizations;
        this.people = people;
        this.messageCard = messageCard;
    }

    /** The form for the contact at the action parameter {@code contactId}, or for a new one at {@code address}. */
    String open(AddOnEvent event, UserRow user) {
        if (event.parameter("contactId") != null) {
            Optional<Views.Contact> contact = contact(event);
            if (contact.isEmpty()) {
                return responses.notify(GONE);
            }
            Views.Contact c = contact.get();
            String refused = refusedAsColleague(people.of(c, user));
            return refused != null ? refused
                    : responses.push(cards.contactForm(c.emails().isEmpty() ? "" : c.emails().get(0), c, null, c.organization()));
        }
        Person p = addressed(event, user);
        if (!p.valid()) {
            return responses.notify(p.status());
        }
        String refused = refusedAsColleague(p);
        if (refused != null) {
            return refused;
        }
        if (p.lookup().contact() != null) {
            Views.Contact c = p.lookup().contact();
            return responses.push(cards.contactForm(p.lookup().address(), c, null, c.organization()));
        }
        String suggested = event.parameter("name") != null ? event.parameter("name") : p.name();
        return responses.push(cards.contactForm(p.lookup().address(), null, suggested, p.lookup().organization()));
    }

    /**
     * Saves the form: the contact at {@code contactId}, or a new one at {@code address}. A new name for the contact's
     * own organisation would rename it for everyone in it: that is asked first, on a card of its own.
     */
    String save(AddOnEvent event, UserRow user) {
        return save(event, user, ContactForm.of(event), null);
    }

    /** The question's Rename: saves the form it carries and renames the organisation, as the Outlook pane does. */
    String rename(AddOnEvent event, UserRow user) {
        return save(event, user, ContactForm.carried(event), event.idParameter("organizationId"));
    }

    /** The question's Cancel: back to the form, as it was typed. */
    String cancelRename(AddOnEvent event, UserRow user) {
        return responses.pop("Nothing was saved or renamed.");
    }

    /** @param renaming the organisation the user agreed to rename, or null when they have not been asked */
    private String save(AddOnEvent event, UserRow user, ContactForm form, Long renaming) {
        try {
            return event.parameter("contactId") != null ? saveEdit(event, user, form, renaming)
                    : saveNew(event, user, form, renaming);
        } catch (ContactConflictException | InvalidFieldException e) {
            return responses.notify("Not saved: " + e.getMessage());
        }
    }

    private String saveEdit(AddOnEvent event, UserRow user, ContactForm form, Long renaming) {
        long id = event.idParameter("contactId");
        Optional<Views.Contact> found = contacts.find(id).map(ContactService.Found::contact);
        if (found.isEmpty()) {
            return responses.notify(GONE);
        }
        Views.Contact current = found.get();
        String refused = refusedAsColleague(people.of(current, user));
        if (refused != null) {
            return refused;
        }
        String problem = form.problem(current, current.organization());
        if (problem != null) {
            return responses.notify(problem);
        }
        // The form shows the title, the first phone and the organisation: an emptied title or phone clears it, an
        // emptied organisation takes the contact out of it (as the pane's PATCH {"organizationId": null} does, so the
        // same audit, and an import does not put it back), an unchanged field is left alone (so it stays free for
        // details from signatures), and the other phones are kept.
        List<String> had = current.phones();
        String first = had.isEmpty() ? null : had.get(0);
        List<String> phones = Objects.equals(form.phone(), first) ? null : phonesWithFirst(form.phone(), had);
        String title = Objects.equals(form.title(), current.title()) ? null : form.title() == null ? "" : form.title();
        OrganizationChoice.Choice choice = organizations.choose(form.organization(), current.organization());
        String asked = ask(Map.of("contactId", Long.toString(id)), form, choice, renaming);
        if (asked != null) {
            return asked;
        }
        Views.OrganizationRef chosen = choice.organization();
        Change<Long> organizationId = Objects.equals(chosen, current.organization()) ? Change.keep()
                : Change.to(chosen == null ? null : chosen.id());
        return contacts.update(user.id(), id, new ContactService.Edit(form.name(), title, organizationId, phones, null))
                .map(saved -> afterSave(event, saved, user, choice))
                .orElseGet(() -> responses.notify(GONE));
    }

    private String saveNew(AddOnEvent event, UserRow user, ContactForm form, Long renaming) {
        Person p = addressed(event, user);
        String refused = refusedAsColleague(p);
        if (refused != null) {
            return refused;
        }
        String problem = form.problem(null, p.lookup().organization());
        if (problem != null) {
            return responses.notify(problem);
        }
        if (form.name() == null) {
            return responses.notify("Type a name for the contact.");
        }
        OrganizationChoice.Choice choice = organizations.choose(form.organization(), p.lookup().organization());
        String asked = ask(Map.of("address", event.parameter("address")), form, choice, renaming);
        if (asked != null) {
            return asked;
        }
        Views.OrganizationRef chosen = choice.organization();
        Views.Contact saved = contacts.create(user.id(), new ContactService.Edit(form.name(), form.title(),
                Change.to(chosen == null ? null : chosen.id()), form.phone() == null ? null : List.of(form.phone()),
                List.of(event.parameter("address"))));
        return afterSave(event, saved, user, choice);
    }

    /**
     * The card that asks whether to rename the organisation for everyone, when the save would; null when the save
     * may go ahead. A confirmed rename goes ahead only while it is still the one the user was asked about: the
     * contact may have moved, or an organisation may have been given the typed name, in the meantime.
     *
     * @param target the Save's own parameters, which the question's Rename carries on with the form's values
     */
    private String ask(Map<String, String> target, ContactForm form, OrganizationChoice.Choice choice, Long renaming) {
        if (renaming == null) {
            if (!choice.renames()) {
                return null;
            }
            Map<String, String> save = new LinkedHashMap<>(target);
            save.putAll(form.parameters());
            return responses.push(cards.renameOrganization(choice.organization(), choice.renameTo(), save));
        }
        return choice.renames() && choice.organization().id() == renaming ? null
                : responses.notify("Not saved: the organisation has changed since you were asked. Open the form again.");
    }

    /**
     * Renames the organisation when the user agreed to (after the contact is saved in it, as the Outlook pane does),
     * through the service the API's {@code PATCH /api/v1/organizations/{id}} uses, so it is audited the same way.
     * Then the card the form was opened from, which shows the contact as it was, is replaced, so that going back does
     * not show it stale: the open message's card (the first one, in Gmail's message view) or the contact's own card
     * (found by a search), under the form and, after a rename, the question.
     */
    private String afterSave(AddOnEvent event, Views.Contact saved, UserRow user, OrganizationChoice.Choice choice) {
        if (choice.renames()) {
            organizationService.update(user.id(), choice.organization().id(), choice.renameTo(), null);
        }
        String done = choice.renames() ? "Contact saved; organisation renamed." : SAVED;
        int above = choice.renames() ? 2 : 1;
        // The saved contact holds the organisation's old name: one without an address would be shown with it.
        Views.Contact shown = choice.renames() ? contacts.find(saved.id()).map(ContactService.Found::contact).orElse(saved)
                : saved;
        Person person = people.of(shown, user);
        if (event.gmail() == null || event.gmail().messageId() == null) {
            return responses.back(above, cards.person(person, event.zone()), done);
        }
        try {
            return responses.backToRoot(messageCard.current(event, user), done);
        } catch (GmailReader.UnreadableMessageException e) {
            // The contact is saved all the same: show it in place of the form.
            return responses.back(above - 1, cards.person(person, event.zone()), done);
        }
    }

    /** The person at the action parameter {@code address} (a new contact's form and its Save carry it). */
    private Person addressed(AddOnEvent event, UserRow user) {
        String address = event.parameter("address");
        if (address == null) {
            throw ApiException.badRequest("the contact form needs the parameter 'address' or 'contactId'");
        }
        return people.at(address, user);
    }

    private Optional<Views.Contact> contact(AddOnEvent event) {
        return contacts.find(event.idParameter("contactId")).map(ContactService.Found::contact);
    }

    /** The notification that refuses to open or save {@code p} as a contact, a colleague; null for anyone else. */
    private String refusedAsColleague(Person p) {
        return p.colleague() ? responses.notify(p.label() + " is a colleague: colleagues are not kept as contacts.") : null;
    }

    /** {@code had} with its first phone replaced by {@code phone} (removed when null). */
    private static List<String> phonesWithFirst(String phone, List<String> had) {
        List<String> out = new ArrayList<>(had.isEmpty() ? List.of() : had.subList(1, had.size()));
        if (phone != null) {
            out.add(0, phone);
        }
        return out;
    }
}
