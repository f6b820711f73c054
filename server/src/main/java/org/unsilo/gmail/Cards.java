package org.unsilo.gmail;

import com.google.apps.card.v1.Action;
import com.google.apps.card.v1.Button;
import com.google.apps.card.v1.ButtonList;
import com.google.apps.card.v1.Card;
import com.google.apps.card.v1.DecoratedText;
import com.google.apps.card.v1.OnClick;
import com.google.apps.card.v1.OpenLink;
import com.google.apps.card.v1.TextInput;
import com.google.apps.card.v1.TextParagraph;
import com.google.apps.card.v1.Widget;
import com.google.common.html.HtmlEscapers;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.unsilo.capture.LoggedMessages;
import org.unsilo.contacts.Views;
import org.unsilo.store.LoggerRow;

/**
 * The add-on's cards, built with Google's own {@code google.apps.card.v1} proto classes so that only fields Google
 * defines can be set. Text that came from mail or users is HTML-escaped: card text paragraphs render basic HTML.
 */
public final class Cards {

    static final String QUERY = "query";
    static final String NAME = "name";
    static final String TITLE = "title";
    static final String PHONE = "phone";
    static final String ORGANIZATION = "organization";
    /** Google refuses a card with more sections than this, and the user then sees nothing at all. */
    static final int MAX_SECTIONS = 100;
    /** People a message card lists, one section each: the rest are the message's section and the "more" line. */
    static final int PEOPLE_SHOWN = MAX_SECTIONS - 2;
    private static final int KNOWN_BY_SHOWN = 3;
    private static final int RECENT_SHOWN = 3;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final String baseUrl;

    public Cards(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The home page: find a person, and the conversations the user logged last. */
    public Card homepage(List<Views.Conversation> recent, ZoneId zone) {
        Card.Section.Builder search = Card.Section.newBuilder().setHeader("Find a person")
                .addWidgets(Widget.newBuilder().setTextInput(TextInput.newBuilder().setName(QUERY)
                        .setLabel("Name, e-mail or organisation")))
                .addWidgets(buttons(button("Search", action(AddOnAction.SEARCH, Map.of()))));
        Card.Section.Builder activity = Card.Section.newBuilder().setHeader("Your recent conversations");
        if (recent.isEmpty()) {
            activity.addWidgets(paragraph("Nothing logged yet. Open a message and press <b>Log this conversation</b>."));
        }
        for (Views.Conversation c : recent) {
            activity.addWidgets(Widget.newBuilder().setDecoratedText(DecoratedText.newBuilder()
                    .setTopLabel(day(c.sentAt(), zone))
                    .setText(c.subject() == null ? (c.privateFlag() ? "(private conversation)" : "(no subject)") : escape(c.subject()))
                    .setBottomLabel(c.from() == null ? "" : c.from())
                    .setWrapText(true)));
        }
        return Card.newBuilder().setHeader(header("Unsilo", "Who at the company knows whom"))
                .addSections(search).addSections(activity).build();
    }

    /**
     * An opened message: whether it is in Unsilo already, and the people on it.
     *
     * @param notLookedUp people on the message beyond {@code people}, which was cut short to what a card can show
     * @param listMail the message is list or bulk mail: logging it creates no contacts
     * @param logged the message as the viewer may see it in Unsilo; empty when it is not there (for them)
     */
    public Card message(String subject, List<Person> people, int notLookedUp, boolean listMail,
                        Optional<LoggedMessages.Logged> logged, ZoneId zone) {
        Card.Builder card = Card.newBuilder().setHeader(header("People on this message", subject == null ? "" : subject));
        DecoratedText.Builder state = DecoratedText.newBuilder().setTopLabel("In Unsilo").setWrapText(true)
                .setText(logged.map(l -> "Logged by " + loggers(l.loggedBy(), zone)).orElse("Not logged yet"));
        boolean privateFlag = logged.map(l -> l.message().privateFlag()).orElse(false);
        if (privateFlag) {
            state.setBottomLabel("Private: only the people who logged it see it");
        }
        Card.Section.Builder about = Card.Section.newBuilder().addWidgets(Widget.newBuilder().setDecoratedText(state));
        if (listMail) {
            about.addWidgets(paragraph("Mailing-list or bulk message: logging it saves no new contacts."));
        }
        card.addSections(about);
        addPeople(card, people, notLookedUp, "No one on this message has a readable address.", zone);
        // As in the Outlook pane: a logged message can still be made private, and then there is nothing left to do.
        if (logged.isEmpty()) {
            card.setFixedFooter(Card.CardFixedFooter.newBuilder()
                    .setPrimaryButton(button("Log this conversation", action(AddOnAction.LOG, Map.of())))
                    .setSecondaryButton(button("Log as private", action(AddOnAction.LOG_PRIVATE, Map.of()))));
        } else if (!privateFlag) {
            card.setFixedFooter(Card.CardFixedFooter.newBuilder()
                    .setPrimaryButton(button("Mark private", action(AddOnAction.LOG_PRIVATE, Map.of()))));
        }
        return card.build();
    }

    /** A draft's recipients: nothing to log yet. */
    public Card recipients(List<Person> people, int notLookedUp, ZoneId zone) {
        Card.Builder card = Card.newBuilder().setHeader(header("Recipients", "What Unsilo knows about them"));
        addPeople(card, people, notLookedUp, "Add recipients to see what Unsilo knows about them.", zone);
        return card.build();
    }

    /** A section per person, as many as fit in a card, and then a line that says how many more there are. */
    private void addPeople(Card.Builder card, List<Person> people, int notLookedUp, String nobody, ZoneId zone) {
        if (people.isEmpty() && notLookedUp == 0) {
            card.addSections(Card.Section.newBuilder().addWidgets(paragraph(nobody)));
        }
        int shown = Math.min(people.size(), MAX_SECTIONS - 1 - card.getSectionsCount());
        people.subList(0, shown).forEach(p -> card.addSections(personSection(p, zone)));
        int more = people.size() - shown + notLookedUp;
        if (more > 0) {
            card.addSections(Card.Section.newBuilder().addWidgets(paragraph("And " + more
                    + (more == 1 ? " more person" : " more people") + " on this message, not shown here.")));
        }
    }

    private static String loggers(List<LoggerRow> loggedBy, ZoneId zone) {
        return loggedBy.stream().map(l -> escape(l.displayName() != null && !l.displayName().isBlank()
                        ? l.displayName() : l.email()) + " on " + day(Instant.ofEpochMilli(l.capturedAt()), zone))
                .collect(Collectors.joining(", "));
    }

    /** One person found by a search, with everything the CRM knows. */
    public Card person(Person p, ZoneId zone) {
        return Card.newBuilder().setHeader(header(p.label(), p.lookup().address()))
                .addSections(personSection(p, zone)).build();
    }

    private Card.Section personSection(Person p, ZoneId zone) {
        Views.LookupResult r = p.lookup();
        Card.Section.Builder s = Card.Section.newBuilder().setHeader(escape(p.label()));
        s.addWidgets(Widget.newBuilder().setDecoratedText(DecoratedText.newBuilder()
                .setTopLabel(p.role()).setText(escape(r.address())).setBottomLabel(p.status()).setWrapText(true)));
        if (r.organization() != null) {
            s.addWidgets(Widget.newBuilder().setDecoratedText(DecoratedText.newBuilder().setTopLabel("Organisation")
                    .setText(escape(r.organization().name() + " (" + r.organization().domain() + ")")).setWrapText(true)));
        }
        if (r.contact() != null && r.contact().title() != null && !r.contact().title().isBlank()) {
            s.addWidgets(Widget.newBuilder().setDecoratedText(DecoratedText.newBuilder().setTopLabel("Job title")
                    .setText(escape(r.contact().title())).setWrapText(true)));
        }
        if (r.contact() != null && !r.contact().phones().isEmpty()) {
            s.addWidgets(Widget.newBuilder().setDecoratedText(DecoratedText.newBuilder().setTopLabel("Phone")
                    .setText(escape(String.join(", ", r.contact().phones()))).setWrapText(true)));
        }
        if (!r.knownBy().isEmpty()) {
            StringBuilder text = new StringBuilder("<b>Who knows them</b>");
            r.knownBy().stream().limit(KNOWN_BY_SHOWN).forEach(k -> text.append("<br>")
                    .append(escape(k.user().name() != null ? k.user().name() : k.user().email()))
                    .append(k.departed() ? " (left)" : "")
                    .append(" · ").append(k.messages()).append(k.messages() == 1 ? " message" : " messages")
                    .append(" · last ").append(day(k.lastContactAt(), zone)));
            s.addWidgets(paragraph(text.toString()));
        }
        if (!r.recentConversations().isEmpty()) {
            StringBuilder text = new StringBuilder("<b>Recent conversations</b>");
            r.recentConversations().stream().limit(RECENT_SHOWN).forEach(c -> text.append("<br>")
                    .append(day(c.sentAt(), zone)).append(" · ")
                    .append(c.subject() == null ? (c.privateFlag() ? "(private)" : "(no subject)") : escape(c.subject())));
            s.addWidgets(paragraph(text.toString()));
        }
        if (p.colleague()) {
            // Not edited as a contact, even one with a contact record (as in the Outlook pane).
            return s.build();
        }
        if (r.contact() != null) {
            s.addWidgets(buttons(
                    button("Edit contact", action(AddOnAction.CONTACT_FORM, Map.of("contactId", Long.toString(r.contact().id())))),
                    link("Open in Unsilo", baseUrl + "/contacts/" + r.contact().id())));
        } else if (p.savable()) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("address", r.address());
            if (p.name() != null && !p.name().isBlank()) {
                params.put("name", p.name());
            }
            s.addWidgets(buttons(button("Save contact", action(AddOnAction.CONTACT_FORM, params))));
        }
        return s.build();
    }

    /**
     * Save a new contact or edit a known one: the fields a person types; the address is fixed.
     *
     * @param contact the contact being edited, or null for a new one at {@code address}
     * @param organization the organisation the form starts with: the contact's, or the one of the address's domain
     */
    public Card contactForm(String address, Views.Contact contact, String suggestedName, Views.OrganizationRef organization) {
        String name = contact != null && contact.name() != null ? contact.name() : suggestedName;
        Card.Section.Builder s = Card.Section.newBuilder()
                .addWidgets(Widget.newBuilder().setDecoratedText(DecoratedText.newBuilder().setTopLabel("E-mail")
                        .setText(escape(address))))
                .addWidgets(input(NAME, "Name", name))
                .addWidgets(input(TITLE, "Job title", contact == null ? null : contact.title()))
                .addWidgets(input(PHONE, "Phone", contact == null || contact.phones().isEmpty() ? null : contact.phones().get(0)))
                .addWidgets(Widget.newBuilder().setTextInput(TextInput.newBuilder().setName(ORGANIZATION)
                        .setLabel("Organisation").setValue(organization == null ? "" : organization.name())
                        .setHintText("The name of an organisation in Unsilo; empty for none")));
        // The organisation is the one typed: Save looks it up by name, as it does the address's own for a new contact.
        Map<String, String> params = contact != null ? Map.of("contactId", Long.toString(contact.id()))
                : Map.of("address", address);
        s.addWidgets(buttons(button("Save", action(AddOnAction.SAVE_CONTACT, params))));
        return Card.newBuilder().setHeader(header(contact != null ? "Edit contact" : "Save contact", address))
                .addSections(s).build();
    }

    /**
     * Asks before a save from the contact form renames the contact's organisation for everyone in it, in the Outlook
     * pane's words: a name no organisation has, typed in place of the contact's own one's.
     *
     * @param save the parameters of the form's Save and the form's values, which the rename's button carries on
     */
    public Card renameOrganization(Views.OrganizationRef organization, String newName, Map<String, String> save) {
        Map<String, String> rename = new LinkedHashMap<>(save);
        rename.put("organizationId", Long.toString(organization.id()));
        Card.Section.Builder s = Card.Section.newBuilder()
                .addWidgets(paragraph(escape("No organisation is called “" + newName + "”. Rename “" + organization.name()
                        + "” to “" + newName + "” for everyone?")))
                .addWidgets(buttons(button("Rename organisation", action(AddOnAction.RENAME_ORGANIZATION, rename)),
                        button("Cancel", action(AddOnAction.CANCEL_RENAME, Map.of()))));
        return Card.newBuilder().setHeader(header("Rename organisation?", organization.domain())).addSections(s).build();
    }

    /**
     * Contacts matching a search; each opens its person card. {@code found} as searched, up to {@code shown}; one
     * more than that means there are more.
     */
    public Card searchResults(String query, List<Views.Contact> found, int shown) {
        Card.Section.Builder s = Card.Section.newBuilder();
        if (found.isEmpty()) {
            s.addWidgets(paragraph("No contact matches “" + escape(query) + "”."));
        }
        for (Views.Contact c : found.subList(0, Math.min(shown, found.size()))) {
            String email = c.emails().isEmpty() ? "" : c.emails().get(0);
            s.addWidgets(Widget.newBuilder().setDecoratedText(DecoratedText.newBuilder()
                    .setText(escape(c.name() != null && !c.name().isBlank() ? c.name() : email))
                    .setBottomLabel(c.organization() == null ? email : email + " · " + c.organization().name())
                    .setWrapText(true)
                    .setOnClick(OnClick.newBuilder().setAction(action(AddOnAction.PERSON,
                            Map.of("contactId", Long.toString(c.id())))))));
        }
        if (found.size() > shown) {
            s.addWidgets(paragraph("Only the first " + shown + " are shown: type more of the name, address or company."));
        }
        return Card.newBuilder().setHeader(header("Search", query)).addSections(s).build();
    }

    /** A card that only explains something (e.g. why the message could not be read). */
    public Card notice(String title, String text) {
        return Card.newBuilder().setHeader(header(title, ""))
                .addSections(Card.Section.newBuilder().addWidgets(paragraph(escape(text)))).build();
    }

    private static Card.CardHeader header(String title, String subtitle) {
        return Card.CardHeader.newBuilder().setTitle(title).setSubtitle(subtitle).build();
    }

    private static Widget paragraph(String html) {
        return Widget.newBuilder().setTextParagraph(TextParagraph.newBuilder().setText(html)).build();
    }

    private static Widget input(String name, String label, String value) {
        TextInput.Builder in = TextInput.newBuilder().setName(name).setLabel(label);
        if (value != null) {
            in.setValue(value);
        }
        return Widget.newBuilder().setTextInput(in).build();
    }

    private static Widget buttons(Button... buttons) {
        return Widget.newBuilder().setButtonList(ButtonList.newBuilder().addAllButtons(List.of(buttons))).build();
    }

    private static Button button(String text, Action action) {
        return Button.newBuilder().setText(text).setOnClick(OnClick.newBuilder().setAction(action)).build();
    }

    private static Button link(String text, String url) {
        return Button.newBuilder().setText(text).setOnClick(OnClick.newBuilder()
                .setOpenLink(OpenLink.newBuilder().setUrl(url))).build();
    }

    /** An action is the absolute URL Google posts the click to, built from the public base URL. */
    private Action action(AddOnAction target, Map<String, String> parameters) {
        Action.Builder a = Action.newBuilder().setFunction(baseUrl + target.path());
        parameters.forEach((k, v) -> a.addParameters(Action.ActionParameter.newBuilder().setKey(k).setValue(v)));
        return a.build();
    }

    private static String day(Instant at, ZoneId zone) {
        return at == null ? "" : DAY.format(at.atZone(zone));
    }

    private static String escape(String s) {
        return s == null ? "" : HtmlEscapers.htmlEscaper().escape(s);
    }
}
