package org.unsilo.gmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unsilo.testing.AddOnCards.button;
import static org.unsilo.testing.AddOnCards.buttons;
import static org.unsilo.testing.AddOnCards.section;
import static org.unsilo.testing.AddOnCards.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.apps.card.v1.Card;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.AddOnCards;
import org.unsilo.testing.AddOnClient;
import org.unsilo.testing.AddOnMailbox;
import org.unsilo.testing.AddOnServer;
import org.unsilo.testing.TestServer;

/**
 * The message card and what is done from it (DESIGN.md §8), on a running server whose Gmail is the local stub
 * serving messages written by each test: the people shown within Google's limit on sections, whether the message
 * is logged and by whom, refusals as cards, the cards a save or a log brings back, and colleagues. Ada (at
 * unsilo.test) is the signed-in Gmail user.
 */
class GmailAddOnMessageCardTest {

    private static final String ADA = "ada@unsilo.test";
    private static final String TODAY = LocalDate.now(ZoneId.of("Europe/Berlin"))
            .format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH));

    @TempDir
    static Path messages;

    private static AddOnServer addOn;
    private static TestServer server;
    private static AddOnClient client;
    private static AddOnMailbox mailbox;

    @BeforeAll
    static void start() {
        addOn = AddOnServer.start(Map.of());
        server = addOn.server();
        client = addOn.client();
        mailbox = new AddOnMailbox(addOn, messages);
    }

    @AfterAll
    static void stop() {
        addOn.close();
    }

    @Test
    void listMailToMoreThan99PeopleStaysWithinGooglesLimitAndSaysHowManyMore() {
        List<String> to = new ArrayList<>(IntStream.range(0, 150).mapToObj(i -> "Member " + i + " <member" + i + "@list.example>").toList());
        to.add(120, "Member 3 <MEMBER3@list.example>");
        to.add(130, ADA);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("From", "Club <news@club.example>");
        headers.put("To", String.join(", ", to));
        headers.put("Subject", "Club news");
        headers.put("List-Id", "<news.club.example>");
        Card card = mailbox.open(ADA, mailbox.message(headers)).card();

        assertThat(card.getSectionsCount()).isEqualTo(AddOnCards.MAX_SECTIONS);
        assertThat(text(card.getSections(0))).contains("Mailing-list or bulk message");
        assertThat(text(card.getSections(1))).as("the sender first, as always").contains("news@club.example", "From");
        assertThat(text(card.getSections(2))).contains("member0@list.example", "To");
        // 151 people besides Ada (the repeated address counts once): the sender and 97 members are shown.
        assertThat(text(card.getSections(98))).contains("member96@list.example");
        assertThat(text(card.getSections(99))).contains("And 53 more people on this message");
        assertThat(card.getSectionsList()).noneMatch(s -> text(s).contains(ADA));
    }

    @Test
    void theMessageCardSaysWhoLoggedItAndHidesAPrivateMessageOfOthers() {
        String bo = "bo@unsilo.test";
        String id = mailbox.mail("Vera Client <vera@client.example>", "Ada Lovelace <" + ADA + ">, " + bo);
        Card before = mailbox.open(ADA, id).card();
        assertThat(text(before.getSections(0))).contains("In Unsilo", "Not logged yet");
        assertThat(before.getFixedFooter().getPrimaryButton().getText()).isEqualTo("Log this conversation");

        AddOnCards.Answer logged = mailbox.click(ADA, "/gmail/action/log", id, Map.of(), Map.of());
        assertThat(logged.notification()).isEqualTo("Conversation logged.");
        assertThat(logged.navigations()).as("the message's card is the one replaced").containsExactly("popToRoot", "updateCard");
        assertThat(text(logged.card().getSections(0))).contains("Logged by Ada Lovelace on " + TODAY);
        assertThat(text(section(logged.card(), "vera@client.example"))).contains("Known contact");
        assertThat(logged.card().getFixedFooter().getPrimaryButton().getText()).isEqualTo("Mark private");
        assertThat(logged.card().getFixedFooter().hasSecondaryButton()).isFalse();

        // A colleague on the same mail sees that Ada logged it.
        assertThat(text(mailbox.open(bo, id).card().getSections(0))).contains("Logged by Ada Lovelace on " + TODAY);

        AddOnCards.Answer hidden = mailbox.click(ADA, "/gmail/action/log-private", id, Map.of(), Map.of());
        assertThat(hidden.notification()).isEqualTo("Already logged; it is now private.");
        assertThat(text(hidden.card().getSections(0))).contains("Logged by Ada Lovelace", "Private: only the people who logged it see it");
        assertThat(hidden.card().hasFixedFooter()).as("nothing left to do").isFalse();
        // Private to Ada: to Bo it is as if it were not logged, as the Outlook pane's status says.
        Card forBo = mailbox.open(bo, id).card();
        assertThat(text(forBo.getSections(0))).contains("Not logged yet").doesNotContain("Ada");
    }

    @Test
    void aFailureOfAVerifiedRequestIsACardNotAnHttpError() {
        // The deployment lacks the message scope: Google sends no message access token.
        String id = mailbox.mail("Vera Client <vera@client.example>", ADA);
        Card noScope = AddOnCards.parse(client.call(GmailAddOn.CONTEXTUAL, ADA, e -> {
            AddOnClient.withMessage(e, id, id);
            ((ObjectNode) e.get("gmail")).remove("accessToken");
            return e;
        })).card();
        assertThat(noScope.getHeader().getTitle()).isEqualTo("Unsilo could not read this message");
        assertThat(text(noScope.getSections(0))).contains("gmail.addons.current.message.metadata", "administrator");

        // Gmail refuses the message.
        Card refused = AddOnCards.parse(client.call(GmailAddOn.CONTEXTUAL, ADA, e -> {
            AddOnClient.withMessage(e, id, id);
            ((ObjectNode) e.get("gmail")).put("accessToken", "a-token-gmail-does-not-accept");
            return e;
        })).card();
        assertThat(text(refused.getSections(0))).contains("Gmail answered 401", "administrator");
        AddOnCards.Answer logRefused = AddOnCards.parse(client.call("/gmail/action/log", ADA, e -> {
            AddOnClient.withMessage(e, id, id);
            ((ObjectNode) e.get("gmail")).remove("accessToken");
            return e;
        }));
        assertThat(logRefused.notification()).startsWith("Unsilo could not read this message: Gmail gave the add-on no access");

        // Parameters no card of ours sends.
        AddOnCards.Answer bad = mailbox.click(ADA, "/gmail/action/person", null, Map.of("contactId", "abc"), Map.of());
        assertThat(bad.notification()).contains("Unsilo could not do this", "not a valid id", "try again");
        AddOnCards.Answer noAddress = mailbox.click(ADA, "/gmail/action/contact-form", null, Map.of(), Map.of());
        assertThat(noAddress.notification()).contains("needs the parameter 'address' or 'contactId'");
    }

    @Test
    void savingAContactFromTheMessageUpdatesTheMessageCard() {
        String id = mailbox.mail("Nia New <nia@newco.example>", ADA);
        Card opened = mailbox.open(ADA, id).card();
        Card form = mailbox.click(ADA, button(section(opened, "nia@newco.example"), "Save contact"), id, Map.of()).card();
        AddOnCards.Answer saved = mailbox.click(ADA, button(form.getSections(0), "Save"), id,
                Map.of("name", "Nia New", "title", "Buyer"));
        assertThat(saved.notification()).isEqualTo("Contact saved.");
        assertThat(saved.navigations()).as("back to the message's card, updated").containsExactly("popToRoot", "updateCard");
        Card.Section nia = section(saved.card(), "nia@newco.example");
        assertThat(text(nia)).contains("Known contact", "Buyer").doesNotContain("New: not in Unsilo yet");
        assertThat(saved.card().getHeader().getTitle()).isEqualTo("People on this message");

        // Found by a search instead, the contact's own card is the one under the form: it is replaced.
        Card results = mailbox.click(ADA, "/gmail/action/search", null, Map.of(), Map.of("query", "nia new")).card();
        String contactId = results.getSections(0).getWidgets(0).getDecoratedText().getOnClick().getAction().getParameters(0).getValue();
        Card person = mailbox.click(ADA, "/gmail/action/person", null, Map.of("contactId", contactId), Map.of()).card();
        Card editForm = mailbox.click(ADA, button(person.getSections(0), "Edit contact"), null, Map.of()).card();
        AddOnCards.Answer edited = mailbox.click(ADA, button(editForm.getSections(0), "Save"), null,
                Map.of("name", "Nia New", "title", "Head buyer"));
        assertThat(edited.navigations()).containsExactly("pop", "updateCard");
        assertThat(edited.card().getHeader().getTitle()).isEqualTo("Nia New");
        assertThat(text(edited.card().getSections(0))).contains("Head buyer");
    }

    @Test
    void aColleagueWithAContactRecordIsNotEditedAsAContact() {
        // Jo was a contact before joining the company.
        JsonNode created = server.post("/api/v1/contacts", server.adminToken(),
                "{\"name\": \"Jo Joiner\", \"emails\": [\"jo@partner.example\"]}").json();
        server.staff("jo@partner.example", "Jo Joiner");
        String id = mailbox.mail("Jo Joiner <jo@partner.example>", ADA);
        Card.Section jo = section(mailbox.open(ADA, id).card(), "jo@partner.example");
        assertThat(text(jo)).contains("Colleague");
        assertThat(buttons(jo)).isEmpty();

        String contactId = created.path("id").asText();
        AddOnCards.Answer form = mailbox.click(ADA, "/gmail/action/contact-form", id, Map.of("contactId", contactId), Map.of());
        assertThat(form.notification()).contains("colleague");
        assertThat(form.pushed()).isEmpty();
        AddOnCards.Answer save = mailbox.click(ADA, "/gmail/action/save-contact", id, Map.of("contactId", contactId),
                Map.of("name", "Someone Else"));
        assertThat(save.notification()).contains("colleague");
        assertThat(server.get("/api/v1/contacts/" + contactId, server.adminToken()).json().path("name").asText())
                .isEqualTo("Jo Joiner");
    }

    @Test
    void aColleaguesAddressIsNeitherOfferedNorSavedAsANewContact() {
        // Kim has a staff account at an outside address, so the company's domains do not make her a colleague.
        server.staff("kim@studio.example", "Kim Staff");
        String id = mailbox.mail("Kim Staff <kim@studio.example>", ADA);
        Card.Section kim = section(mailbox.open(ADA, id).card(), "kim@studio.example");
        assertThat(text(kim)).contains("Colleague");
        assertThat(buttons(kim)).isEmpty();

        // A card from before she joined may still carry its Save contact button.
        Map<String, String> at = Map.of("address", "kim@studio.example");
        AddOnCards.Answer form = mailbox.click(ADA, "/gmail/action/contact-form", id, at, Map.of());
        assertThat(form.notification()).isEqualTo("kim@studio.example is a colleague: colleagues are not kept as contacts.");
        assertThat(form.pushed()).isEmpty();
        AddOnCards.Answer save = mailbox.click(ADA, "/gmail/action/save-contact", id, at, Map.of("name", "Kim Staff"));
        assertThat(save.notification()).isEqualTo("kim@studio.example is a colleague: colleagues are not kept as contacts.");
        assertThat(server.lookup(server.adminToken(), "kim@studio.example").json().path("results").get(0).path("known")
                .asBoolean()).isFalse();
    }
}
