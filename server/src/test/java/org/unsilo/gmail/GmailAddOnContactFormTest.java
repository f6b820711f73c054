package org.unsilo.gmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unsilo.testing.AddOnCards.button;
import static org.unsilo.testing.AddOnCards.parameters;
import static org.unsilo.testing.AddOnCards.section;
import static org.unsilo.testing.AddOnCards.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.apps.card.v1.Button;
import com.google.apps.card.v1.Card;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.AddOnCards;
import org.unsilo.testing.AddOnMailbox;
import org.unsilo.testing.AddOnServer;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The contact form's organisation field, on a running server whose Gmail is the local stub: an existing
 * organisation's name moves the contact there; a new name for the contact's own organisation renames it for everyone
 * in it, but only after a card of its own asks, in the Outlook pane's words, and then through the service the pane's
 * {@code PATCH /api/v1/organizations/{id}} uses (audited as that is); a new name with no organisation to rename is
 * refused, as in the pane; an emptied field takes the contact out of its organisation, as the pane's
 * {@code PATCH {"organizationId": null}} does. What the services refuse (a control character in a name, say) is
 * refused before anything is asked or saved. Ada (at unsilo.test, a member) is the signed-in Gmail user.
 */
class GmailAddOnContactFormTest {

    private static final String ADA = "ada@unsilo.test";
    private static final String QUESTION = "Rename organisation?";

    @TempDir
    static Path messages;

    private static AddOnServer addOn;
    private static TestServer server;
    private static AddOnMailbox mailbox;

    @BeforeAll
    static void start() {
        addOn = AddOnServer.start(Map.of());
        server = addOn.server();
        mailbox = new AddOnMailbox(addOn, messages);
    }

    @AfterAll
    static void stop() {
        addOn.close();
    }

    private static JsonNode lookup(String address) {
        return server.lookup(server.adminToken(), address).json().path("results").get(0);
    }

    private static JsonNode organization(long id) {
        return server.get("/api/v1/organizations/" + id, server.adminToken()).json();
    }

    /** The audit log's rows of {@code action}, newest first. */
    private static List<JsonNode> audited(String action) {
        List<JsonNode> rows = new ArrayList<>();
        server.get("/api/v1/admin/audit?limit=200", server.adminToken()).json().path("items").forEach(rows::add);
        return rows.stream().filter(r -> r.path("action").asText().equals(action)).toList();
    }

    /** The form of the contact at {@code address}, from the card of the open message {@code id}. */
    private static Card form(String address, String id, String button) {
        return mailbox.click(ADA, button(section(mailbox.open(ADA, id).card(), address), button), id, Map.of()).card();
    }

    @Test
    void theOrganisationFieldMovesAContactToAnExistingOrganisation() {
        // Mail from both companies makes their organisations.
        assertThat(server.capture(server.adminToken(), CaptureJson.from("Carl <carl@acme-tools.com>").to("x@globex-corp.com"))
                .status()).isEqualTo(201);
        JsonNode globex = lookup("x@globex-corp.com").path("organization");
        String acmeName = lookup("carl@acme-tools.com").path("organization").path("name").asText();

        String id = mailbox.mail("Carl <carl@acme-tools.com>", ADA);
        Card form = mailbox.click(ADA, button(section(mailbox.open(ADA, id).card(), "carl@acme-tools.com"), "Edit contact"), id, Map.of()).card();
        assertThat(form.getSections(0).getWidgetsList()).anyMatch(w -> w.hasTextInput()
                && w.getTextInput().getName().equals("organization") && w.getTextInput().getValue().equals(acmeName));
        Button save = button(form.getSections(0), "Save");

        // An existing organisation's name, in any case, moves him there.
        AddOnCards.Answer moved = mailbox.click(ADA, save, id, Map.of("name", "Carl", "organization",
                globex.path("name").asText().toUpperCase(Locale.ROOT)));
        assertThat(moved.notification()).isEqualTo("Contact saved.");
        assertThat(lookup("carl@acme-tools.com").path("contact").path("organization").path("id").asLong())
                .isEqualTo(globex.path("id").asLong());
        assertThat(text(section(moved.card(), "carl@acme-tools.com"))).contains(globex.path("name").asText());

        // A new contact is saved at the organisation typed, not the one of the address's domain.
        String other = mailbox.mail("Dana <dana@acme-tools.com>", ADA);
        Card newForm = mailbox.click(ADA, button(section(mailbox.open(ADA, other).card(), "dana@acme-tools.com"), "Save contact"), other,
                Map.of()).card();
        assertThat(newForm.getSections(0).getWidgetsList()).anyMatch(w -> w.hasTextInput()
                && w.getTextInput().getName().equals("organization") && w.getTextInput().getValue().equals(acmeName));
        AddOnCards.Answer dana = mailbox.click(ADA, button(newForm.getSections(0), "Save"), other,
                Map.of("name", "Dana", "organization", globex.path("domain").asText()));
        assertThat(dana.notification()).isEqualTo("Contact saved.");
        assertThat(lookup("dana@acme-tools.com").path("contact").path("organization").path("id").asLong())
                .isEqualTo(globex.path("id").asLong());
    }

    @Test
    void anEmptiedOrganisationFieldTakesTheContactOutOfItsOrganisationAsInTheOutlookPane() {
        assertThat(server.capture(server.adminToken(), CaptureJson.from("Nelson <nelson@bighead-ventures.com>")
                .to("x@unsilo.test")).status()).isEqualTo(201);
        String oldName = lookup("nelson@bighead-ventures.com").path("organization").path("name").asText();
        String id = mailbox.mail("Nelson <nelson@bighead-ventures.com>", ADA);
        long contactId = lookup("nelson@bighead-ventures.com").path("contact").path("id").asLong();
        int updatesBefore = audited("contact.update").size();

        // The field left as it was changes nothing: no organisation given, nothing audited as removed.
        AddOnCards.Answer kept = mailbox.click(ADA, button(form("nelson@bighead-ventures.com", id, "Edit contact")
                .getSections(0), "Save"), id, Map.of("name", "Nelson", "organization", oldName));
        assertThat(kept.notification()).isEqualTo("Contact saved.");
        assertThat(lookup("nelson@bighead-ventures.com").path("contact").path("organization").path("name").asText())
                .isEqualTo(oldName);
        assertThat(audited("contact.update").get(0).path("after").asText()).doesNotContain("organization");

        // Emptied, it takes him out of it, through the service call and audit of the pane's PATCH {"organizationId": null}.
        AddOnCards.Answer emptied = mailbox.click(ADA, button(form("nelson@bighead-ventures.com", id, "Edit contact")
                .getSections(0), "Save"), id, Map.of("name", "Nelson"));
        assertThat(emptied.notification()).isEqualTo("Contact saved.");
        JsonNode contact = server.get("/api/v1/contacts/" + contactId, server.adminToken()).json();
        assertThat(contact.path("organization").isNull()).as("%s", contact).isTrue();
        List<JsonNode> updates = audited("contact.update");
        assertThat(updates).hasSize(updatesBefore + 2);
        assertThat(updates.get(0).path("targetId").asText()).isEqualTo(Long.toString(contactId));
        assertThat(updates.get(0).path("after").asText()).contains("\"organizationRemoved\":true");
        assertThat(text(section(emptied.card(), "nelson@bighead-ventures.com"))).doesNotContain(oldName);

        // A new contact whose form starts with its domain's organisation is saved without one when the field is emptied.
        String other = mailbox.mail("Jian <jian@bighead-ventures.com>", ADA);
        assertThat(mailbox.click(ADA, button(form("jian@bighead-ventures.com", other, "Save contact").getSections(0), "Save"),
                other, Map.of("name", "Jian")).notification()).isEqualTo("Contact saved.");
        JsonNode jian = lookup("jian@bighead-ventures.com").path("contact");
        assertThat(jian.path("name").asText()).isEqualTo("Jian");
        assertThat(jian.path("organization").isNull()).as("%s", jian).isTrue();
    }

    @Test
    void aControlCharacterInANameOrAnOrganisationsNewNameIsRefusedAndNothingIsStored() {
        assertThat(server.capture(server.adminToken(), CaptureJson.from("Russ <russ@hanneman-fund.com>")
                .to("x@unsilo.test")).status()).isEqualTo(201);
        JsonNode hanneman = lookup("russ@hanneman-fund.com").path("organization");
        String oldName = hanneman.path("name").asText();
        int updatesBefore = audited("contact.update").size() + audited("organization.update").size();
        String id = mailbox.mail("Russ <russ@hanneman-fund.com>", ADA);
        Button save = button(form("russ@hanneman-fund.com", id, "Edit contact").getSections(0), "Save");

        AddOnCards.Answer name = mailbox.click(ADA, save, id, Map.of("name", "Russ\u0007Hanneman", "organization", oldName));
        assertThat(name.pushed()).isEmpty();
        assertThat(name.notification()).isEqualTo("Not saved: the name contains control character U+0007.");

        // Refused before the rename is asked about: the contact would be saved before the rename failed.
        AddOnCards.Answer renamed = mailbox.click(ADA, save, id, Map.of("name", "Russ Hanneman", "title", "Investor",
                "organization", "Hanneman\u001bFund"));
        assertThat(renamed.pushed()).isEmpty();
        assertThat(renamed.notification()).isEqualTo("Not saved: the organisation's name contains control character U+001B.");
        // Nor can a Rename with the name riding on it (a forged click) store it.
        AddOnCards.Answer forged = mailbox.click(ADA, "/gmail/action/rename-organization", id, Map.of("contactId",
                lookup("russ@hanneman-fund.com").path("contact").path("id").asText(), "organizationId", hanneman.path("id").asText(),
                "name", "Russ Hanneman", "organization", "Hanneman\u001bFund"), Map.of());
        assertThat(forged.notification()).isEqualTo("Not saved: the organisation's name contains control character U+001B.");

        JsonNode russ = lookup("russ@hanneman-fund.com").path("contact");
        assertThat(russ.path("name").asText()).isEqualTo("Russ");
        assertThat(russ.path("title").isNull()).isTrue();
        assertThat(organization(hanneman.path("id").asLong()).path("name").asText()).isEqualTo(oldName);
        assertThat(audited("contact.update").size() + audited("organization.update").size()).isEqualTo(updatesBefore);
    }

    /**
     * A phone stored before the length rule existed (an earlier import) comes back in the form's phone field: saving
     * the form with only the title changed sends it back as it was, which is no change, so the title is saved and the
     * phone kept; a new over-long phone is refused as before.
     */
    @Test
    void aPhoneStoredBeforeTheRulesDoesNotBlockSavingTheTitleButANewOverLongOneIsRefused() {
        assertThat(server.capture(server.adminToken(), CaptureJson.from("Peter <peter@gregory-labs.com>")
                .to("x@unsilo.test")).status()).isEqualTo(201);
        long contactId = lookup("peter@gregory-labs.com").path("contact").path("id").asLong();
        String legacy = "+1 650 555 0100 ext. 4711 (assistant Gwen, mornings only)";
        assertThat(legacy.length()).isGreaterThan(50);
        server.app().db().write(h -> h.createUpdate("UPDATE contact SET phones = :phones WHERE id = :id")
                .bind("phones", TestJson.write(List.of(legacy, "+1 650 555 0101"))).bind("id", contactId).execute());
        String id = mailbox.mail("Peter <peter@gregory-labs.com>", ADA);

        Card form = form("peter@gregory-labs.com", id, "Edit contact");
        Map<String, String> typed = new HashMap<>(filledIn(form));
        assertThat(typed).containsEntry("phone", legacy);
        typed.put("title", "Founder");
        AddOnCards.Answer saved = mailbox.click(ADA, button(form.getSections(0), "Save"), id, typed);
        assertThat(saved.notification()).isEqualTo("Contact saved.");
        JsonNode peter = server.get("/api/v1/contacts/" + contactId, server.adminToken()).json();
        assertThat(peter.path("title").asText()).isEqualTo("Founder");
        assertThat(TestJson.texts(peter.path("phones"))).containsExactly(legacy, "+1 650 555 0101");

        typed.put("phone", legacy + " or Bob");
        AddOnCards.Answer refused = mailbox.click(ADA, button(form("peter@gregory-labs.com", id, "Edit contact")
                .getSections(0), "Save"), id, typed);
        assertThat(refused.notification()).isEqualTo("Not saved: the phone number is longer than 50 characters.");
        assertThat(TestJson.texts(server.get("/api/v1/contacts/" + contactId, server.adminToken()).json().path("phones")))
                .containsExactly(legacy, "+1 650 555 0101");
    }

    /** The form's text fields as it comes filled in (empty ones left out, as Google leaves them out of a click). */
    private static Map<String, String> filledIn(Card form) {
        Map<String, String> out = new HashMap<>();
        form.getSections(0).getWidgetsList().stream().filter(w -> w.hasTextInput() && !w.getTextInput().getValue().isEmpty())
                .forEach(w -> out.put(w.getTextInput().getName(), w.getTextInput().getValue()));
        return out;
    }

    @Test
    void aNewNameForTheContactsOrganisationIsAskedAboutAndRenamesItForEveryoneOnlyOnceConfirmed() {
        assertThat(server.capture(server.adminToken(), CaptureJson.from("Gavin <gavin@hooli-labs.com>")
                .to("jared@hooli-labs.com")).status()).isEqualTo(201);
        JsonNode hooli = lookup("gavin@hooli-labs.com").path("organization");
        long hooliId = hooli.path("id").asLong();
        String oldName = hooli.path("name").asText();
        int auditedBefore = audited("organization.update").size();

        String id = mailbox.mail("Gavin <gavin@hooli-labs.com>", ADA);
        Button save = button(form("gavin@hooli-labs.com", id, "Edit contact").getSections(0), "Save");
        Map<String, String> typed = Map.of("name", "Gavin Belson", "title", "CEO", "organization", "Hooli XYZ");

        // The Outlook pane's question, on a card of its own; nothing is saved or renamed yet.
        AddOnCards.Answer asked = mailbox.click(ADA, save, id, typed);
        assertThat(asked.navigations()).containsExactly("pushCard");
        Card question = asked.card();
        assertThat(question.getHeader().getTitle()).isEqualTo(QUESTION);
        assertThat(text(question.getSections(0))).contains("No organisation is called “Hooli XYZ”. Rename “" + oldName
                + "” to “Hooli XYZ” for everyone?", "Rename organisation", "Cancel");
        assertThat(organization(hooliId).path("name").asText()).isEqualTo(oldName);
        assertThat(lookup("gavin@hooli-labs.com").path("contact").path("title").isNull()).isTrue();
        assertThat(audited("organization.update")).hasSize(auditedBefore);

        // Cancel goes back to the form, and changes nothing.
        AddOnCards.Answer cancelled = mailbox.click(ADA, button(question.getSections(0), "Cancel"), id, Map.of());
        assertThat(cancelled.navigations()).containsExactly("pop");
        assertThat(cancelled.notification()).isEqualTo("Nothing was saved or renamed.");
        assertThat(organization(hooliId).path("name").asText()).isEqualTo(oldName);
        assertThat(lookup("gavin@hooli-labs.com").path("contact").path("title").isNull()).isTrue();
        assertThat(audited("organization.update")).hasSize(auditedBefore);

        // Asked again, Rename saves the form (its values ride on the question's button) and renames the organisation.
        question = mailbox.click(ADA, save, id, typed).card();
        AddOnCards.Answer renamed = mailbox.click(ADA, button(question.getSections(0), "Rename organisation"), id, Map.of());
        assertThat(renamed.notification()).isEqualTo("Contact saved; organisation renamed.");
        assertThat(renamed.navigations()).as("back to the message's card, updated").containsExactly("popToRoot", "updateCard");
        assertThat(text(section(renamed.card(), "gavin@hooli-labs.com"))).contains("Gavin Belson", "CEO", "Hooli XYZ");
        assertThat(organization(hooliId).path("name").asText()).isEqualTo("Hooli XYZ");
        assertThat(lookup("gavin@hooli-labs.com").path("contact").path("organization").path("id").asLong()).isEqualTo(hooliId);
        // For everyone: Jared is at the renamed organisation too.
        assertThat(lookup("jared@hooli-labs.com").path("organization").path("name").asText()).isEqualTo("Hooli XYZ");
        // Audited as the pane's rename is: Ada, a member (the API lets any member rename), renamed it.
        assertThat(server.app().users().findByEmail(ADA).orElseThrow().isAdmin()).isFalse();
        List<JsonNode> audit = audited("organization.update");
        assertThat(audit).hasSize(auditedBefore + 1);
        assertThat(audit.get(0).path("actorId").asLong()).isEqualTo(server.app().users().findByEmail(ADA).orElseThrow().id());
        assertThat(audit.get(0).path("targetId").asText()).isEqualTo(Long.toString(hooliId));
        assertThat(audit.get(0).path("before").asText() + audit.get(0).path("after").asText())
                .contains(oldName, "Hooli XYZ");
    }

    @Test
    void aNewContactIsAskedAboutItsDomainsOrganisationAndOneWithoutAnOrganisationIsRefused() {
        assertThat(server.capture(server.adminToken(), CaptureJson.from("Monica <monica@raviga-capital.com>")
                .to("x@unsilo.test")).status()).isEqualTo(201);
        JsonNode raviga = lookup("monica@raviga-capital.com").path("organization");

        // A new contact's form starts with its domain's organisation: a new name there asks to rename that one.
        String id = mailbox.mail("Laurie <laurie@raviga-capital.com>", ADA);
        Card newForm = form("laurie@raviga-capital.com", id, "Save contact");
        Card question = mailbox.click(ADA, button(newForm.getSections(0), "Save"), id,
                Map.of("name", "Laurie Bream", "organization", "Raviga")).card();
        assertThat(question.getHeader().getTitle()).isEqualTo(QUESTION);
        Button rename = button(question.getSections(0), "Rename organisation");
        assertThat(parameters(rename)).containsEntry("address", "laurie@raviga-capital.com")
                .containsEntry("organizationId", raviga.path("id").asText());
        assertThat(lookup("laurie@raviga-capital.com").path("known").asBoolean()).isFalse();

        // A Rename for another organisation than the one asked about (the contact moved meanwhile) saves nothing.
        Map<String, String> forged = new HashMap<>(parameters(rename));
        forged.put("organizationId", Long.toString(raviga.path("id").asLong() + 1000));
        AddOnCards.Answer stale = mailbox.click(ADA, "/gmail/action/rename-organization", id, forged, Map.of());
        assertThat(stale.notification()).startsWith("Not saved: the organisation has changed since you were asked");
        assertThat(lookup("laurie@raviga-capital.com").path("known").asBoolean()).isFalse();

        AddOnCards.Answer saved = mailbox.click(ADA, rename, id, Map.of());
        assertThat(saved.notification()).isEqualTo("Contact saved; organisation renamed.");
        assertThat(lookup("laurie@raviga-capital.com").path("contact").path("organization").path("name").asText())
                .isEqualTo("Raviga");
        assertThat(organization(raviga.path("id").asLong()).path("name").asText()).isEqualTo("Raviga");

        // Found by a search, the contact's own card is under the form and the question: both go, and it is replaced.
        Card results = mailbox.click(ADA, "/gmail/action/search", null, Map.of(), Map.of("query", "laurie")).card();
        String contactId = results.getSections(0).getWidgets(0).getDecoratedText().getOnClick().getAction().getParameters(0).getValue();
        Card person = mailbox.click(ADA, "/gmail/action/person", null, Map.of("contactId", contactId), Map.of()).card();
        Card editForm = mailbox.click(ADA, button(person.getSections(0), "Edit contact"), null, Map.of()).card();
        Card again = mailbox.click(ADA, button(editForm.getSections(0), "Save"), null,
                Map.of("name", "Laurie Bream", "organization", "Raviga Capital")).card();
        AddOnCards.Answer edited = mailbox.click(ADA, button(again.getSections(0), "Rename organisation"), null, Map.of());
        assertThat(edited.navigations()).containsExactly("pop", "pop", "updateCard");
        assertThat(text(edited.card().getSections(0))).contains("Raviga Capital");

        // A free-mail address has no organisation to rename: a name no organisation has is refused, as in the pane.
        String free = mailbox.mail("Erlich <erlich@gmail.com>", ADA);
        AddOnCards.Answer refused = mailbox.click(ADA, button(form("erlich@gmail.com", free, "Save contact").getSections(0),
                "Save"), free, Map.of("name", "Erlich", "organization", "Aviato"));
        assertThat(refused.pushed()).isEmpty();
        assertThat(refused.notification()).isEqualTo("Not saved: no organisation in Unsilo is called “Aviato”. Type the "
                + "name of an existing one, or leave it empty.");
        assertThat(lookup("erlich@gmail.com").path("known").asBoolean()).isFalse();
    }
}
