package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unsilo.testing.AddOnCards.button;
import static org.unsilo.testing.AddOnCards.parameters;
import static org.unsilo.testing.AddOnCards.section;
import static org.unsilo.testing.AddOnCards.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.apps.card.v1.Button;
import com.google.apps.card.v1.Card;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.unsilo.gmail.GmailAddOn;
import org.unsilo.testing.AddOnCards;
import org.unsilo.testing.AddOnClient;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.CardPreview;
import org.unsilo.testing.GoogleStub;
import org.unsilo.testing.TestServer;

/**
 * The Gmail add-on end to end (issue 6): Google's side is a local stub that serves the signing keys and the REAL
 * recorded Gmail API responses from {@code ../shared/data/api-samples/google/}; the server's real Gmail API client is
 * pointed at it, and event objects shaped as Google documents them are posted to the running server. Every card in
 * every answer is parsed strictly into Google's proto classes ({@link AddOnCards}).
 *
 * <p>The signed-in Workspace user is Ada at unsilo.test. The recorded messages come from Nango's test mailbox
 * (api@nango.dev): to Ada they are outside mail, so its people are contacts, not colleagues.
 */
@Tag("acceptance")
class GmailAddOnAcceptanceTest {

    private static final String SAMPLES = "data/api-samples/google/";
    private static final String LINKEDIN = "19ddaf5caac0bbf9";
    private static final String SENT = "19ddaab064b93cf0";
    private static final String SENT_THREAD = "19ddaaa45f6506b0";
    private static final String ATTACHMENTS = "198a4a42c6b6ac9d";
    private static final String MALFORMED = "1926aae406722332";
    private static final String NEWSLETTER = "1926a973a99da24c";
    private static final String ADA = "ada@unsilo.test";
    private static final String LOG = "/gmail/action/log";

    private static GoogleStub google;
    private static TestServer server;
    private static AddOnClient client;

    @BeforeAll
    static void start() {
        RSAKey key = AddOnClient.newKey("google-key-1");
        google = new GoogleStub(key, AddOnClient.USER_OAUTH_TOKEN, AddOnClient.MESSAGE_TOKEN)
                .serve(LINKEDIN, SharedData.file(SAMPLES + "gmail.messages.get.format-metadata.nango.json"))
                .serve(SENT, SharedData.file(SAMPLES + "gmail.messages.get.format-metadata.sent.nango.json"))
                .serve(ATTACHMENTS, SharedData.file(SAMPLES + "gmail.messages.get.format-full.attachments.nango-2025.json"))
                .serve(MALFORMED, SharedData.file(SAMPLES + "gmail.messages.get.format-full.inline-images.nango-2024.json"))
                .serve(NEWSLETTER, SharedData.file(SAMPLES + "gmail.messages.get.format-full.html-newsletter.nango-2024.json"));
        server = TestServer.start(AddOnClient.settings(google, "unsilo.test"));
        client = new AddOnClient(key, server);
    }

    @AfterAll
    static void stop() {
        server.close();
        google.close();
    }

    private static AddOnCards.Answer open(String messageId, String threadId) {
        return AddOnCards.parse(client.call(GmailAddOn.CONTEXTUAL, ADA, e -> AddOnClient.withMessage(e, messageId, threadId)));
    }

    private static AddOnCards.Answer click(String path, String messageId, Map<String, String> params, Map<String, String> form) {
        return AddOnCards.parse(client.call(path, ADA, e -> AddOnClient.withClick(
                messageId == null ? e : AddOnClient.withMessage(e, messageId, messageId), params, form)));
    }

    private static long messages() {
        return server.stats().path("messages").asLong();
    }

    private static JsonNode lookup(String address) {
        TestServer.Response r = server.lookup(server.adminToken(), address);
        assertThat(r.status()).isEqualTo(200);
        return r.json().path("results").get(0);
    }

    @Test
    void theLinkedInNotificationYieldsNoContactForTheRobotSender() {
        Card card = open(LINKEDIN, LINKEDIN).card();
        assertThat(card.getHeader().getSubtitle()).isEqualTo("Beste Keskiner and others share their thoughts on LinkedIn");
        Card.Section robot = section(card, "updates-noreply@linkedin.com");
        // updates-noreply@ is not in the robot list, but the message is bulk mail (List-Unsubscribe): its sender is no contact.
        assertThat(text(robot)).contains("From", "LinkedIn", "Bulk or list sender: not a contact").doesNotContain("Save contact");
        assertThat(AddOnCards.buttons(robot)).isEmpty();
        assertThat(text(card.getSections(0))).contains("Mailing-list or bulk message");

        long before = messages();
        AddOnCards.Answer logged = click(LOG, LINKEDIN, Map.of(), Map.of());
        assertThat(logged.notification()).isEqualTo("Conversation logged.");
        assertThat(messages()).isEqualTo(before + 1);
        assertThat(lookup("updates-noreply@linkedin.com").path("known").asBoolean()).as("robot became a contact").isFalse();
        assertThat(lookup("api@nango.dev").path("known").asBoolean()).as("list mail creates no contacts").isFalse();
        assertThat(text(section(logged.card(), "updates-noreply@linkedin.com"))).contains("Bulk or list sender");
    }

    @Test
    void theSentMessageShowsVictorAndIsLoggedOnceFromGmailAndOutlook() throws IOException {
        Card opened = open(SENT, SENT_THREAD).card();
        assertThat(opened.getHeader().getSubtitle()).isEqualTo("Find Attached");
        Card.Section victor = section(opened, "victor@nango.dev");
        assertThat(victor.getHeader()).isEqualTo("Victor Langat");
        assertThat(text(victor)).contains("To", "New: not in Unsilo yet");
        assertThat(parameters(button(victor, "Save contact"))).containsEntry("address", "victor@nango.dev")
                .containsEntry("name", "Victor Langat");
        assertThat(text(section(opened, "api@nango.dev"))).contains("From", "API Test");
        assertThat(opened.getFixedFooter().getPrimaryButton().getOnClick().getAction().getFunction())
                .isEqualTo(AddOnClient.BASE_URL + LOG);

        long before = messages();
        AddOnCards.Answer first = click(LOG, SENT, Map.of(), Map.of());
        assertThat(first.notification()).isEqualTo("Conversation logged.");
        assertThat(messages()).as("logging creates one message").isEqualTo(before + 1);
        assertThat(text(section(first.card(), "victor@nango.dev"))).contains("Known contact", "Find Attached");
        AddOnCards.Answer again = click(LOG, SENT, Map.of(), Map.of());
        assertThat(again.notification()).isEqualTo("Already logged: nothing new was stored.");
        assertThat(messages()).isEqualTo(before + 1);

        // The same mail captured by the Outlook add-in (as its task pane sends it) is the same message.
        TestServer.Response outlook = server.capture(server.member("cy@unsilo.test", "Cy"), CaptureJson.from("API Test <api@nango.dev>")
                .set("source", "outlook").to("Victor Langat <victor@nango.dev>").subject("Find Attached")
                .messageId("<CAPvkvP4pPQtt53unQJODk53Wj1rDgjD5Jj-5w8rn=Xpb1CTk6Q@mail.gmail.com>")
                .sentAt(java.time.Instant.parse("2026-04-29T19:15:33Z")));
        assertThat(outlook.status()).as(outlook.body()).isEqualTo(200);
        assertThat(outlook.json().path("created").asBoolean()).isFalse();
        assertThat(messages()).isEqualTo(before + 1);

        // A colleague who writes to Victor from Outlook shows up under "Who knows them" when the message is opened again.
        String bo = server.member("bo.brandt@unsilo.test", "Bo Brandt");
        assertThat(server.capture(bo, CaptureJson.from("Bo Brandt <bo.brandt@unsilo.test>").set("source", "outlook")
                .to("Victor Langat <victor@nango.dev>").subject("Integration review")).status()).isEqualTo(201);
        Card reopened = open(SENT, SENT_THREAD).card();
        Card.Section known = section(reopened, "victor@nango.dev");
        assertThat(text(known)).contains("Known contact", "Who knows them", "Bo Brandt", "Find Attached", "Nango (nango.dev)");
        long victorId = lookup("victor@nango.dev").path("contact").path("id").asLong();
        assertThat(button(known, "Open in Unsilo").getOnClick().getOpenLink().getUrl())
                .isEqualTo(AddOnClient.BASE_URL + "/contacts/" + victorId);
        writePreview(reopened);

        // The stub saw the documented calls: metadata with the headers we read, full text only when logging.
        List<GoogleStub.Call> calls = google.calls().stream().filter(c -> c.messageId().equals(SENT)).toList();
        assertThat(calls).extracting(GoogleStub.Call::format).containsExactly("metadata", "full", "full", "metadata");
        assertThat(calls.get(0).metadataHeaders()).contains("From", "To", "Cc", "Date", "Subject", "Message-ID", "List-Id");
        assertThat(calls).allSatisfy(c -> {
            assertThat(c.authorization()).isEqualTo("Bearer " + AddOnClient.USER_OAUTH_TOKEN);
            assertThat(c.messageToken()).isEqualTo(AddOnClient.MESSAGE_TOKEN);
        });
    }

    @Test
    void loggingReadsTheTextPartOfTheRealFullMessage() throws IOException {
        JsonNode sample = new ObjectMapper().readTree(SharedData.file(SAMPLES + "gmail.messages.get.format-full.attachments.nango-2025.json").toFile());
        String plain = null;
        for (JsonNode part : sample.path("payload").path("parts").get(0).path("parts")) {
            if (part.path("mimeType").asText().equals("text/plain")) {
                plain = new String(Base64.getUrlDecoder().decode(part.path("body").path("data").asText()), StandardCharsets.UTF_8);
            }
        }
        assertThat(plain).isNotBlank();
        AddOnCards.Answer logged = click(LOG, ATTACHMENTS, Map.of(), Map.of());
        assertThat(logged.notification()).isEqualTo("Conversation logged.");
        JsonNode hassan = lookup("hassanwari254@gmail.com");
        long id = hassan.path("contact").path("id").asLong();
        JsonNode timeline = server.get("/api/v1/contacts/" + id + "/timeline", server.adminToken()).json();
        assertThat(timeline.path("items").get(0).path("subject").asText()).isEqualTo("ATTACHMENTS");
        assertThat(timeline.path("items").get(0).path("snippet").asText()).isEqualTo(plain.strip());
    }

    @Test
    void malformedAnonymisedAddressesAreBadInputNotACrash() {
        long before = messages();
        Card card = open(MALFORMED, MALFORMED).card();
        assertThat(text(card.getSections(0))).contains("Not logged yet");
        Card.Section john = card.getSections(1);
        assertThat(text(john)).contains("john@foo.com@gmail.com").contains("Not a valid address");
        assertThat(AddOnCards.buttons(john)).isEmpty();

        AddOnCards.Answer logged = click(LOG, MALFORMED, Map.of(), Map.of());
        assertThat(logged.notification()).startsWith("Cannot log this message:").contains("sender address is not valid");
        assertThat(messages()).isEqualTo(before);

        Card compose = AddOnCards.parse(client.call(GmailAddOn.COMPOSE, ADA, e -> AddOnClient.withDraft(e,
                List.of("john@foo.com@gmail.com", "Victor Langat <victor@nango.dev>"), List.of()))).card();
        assertThat(text(compose.getSections(0))).contains("Not a valid address");
        assertThat(text(section(compose, "victor@nango.dev"))).contains("To");
        assertThat(compose.hasFixedFooter()).as("nothing to log while composing").isFalse();
    }

    @Test
    void aSearchWithMoreMatchesThanShownSaysSo() {
        for (int i = 0; i < 21; i++) {
            assertThat(server.post("/api/v1/contacts", server.adminToken(), "{\"name\": \"Quinn Many " + i + "\"}").status())
                    .isEqualTo(201);
        }
        Card many = click("/gmail/action/search", null, Map.of(), Map.of("query", "quinn many")).card();
        assertThat(text(many.getSections(0))).contains("Only the first 20 are shown");
        Card one = click("/gmail/action/search", null, Map.of(), Map.of("query", "quinn many 20")).card();
        assertThat(text(one.getSections(0))).contains("Quinn Many 20").doesNotContain("Only the first");
    }

    @Test
    void theMailboxOwnerIsNotOneOfThePeopleOnTheirOwnMail() {
        // The recorded sent message is from api@nango.dev: opened in that person's own Gmail, they are not listed.
        RSAKey key = AddOnClient.newKey("google-key-own");
        try (GoogleStub own = new GoogleStub(key, AddOnClient.USER_OAUTH_TOKEN, AddOnClient.MESSAGE_TOKEN)
                .serve(SENT, SharedData.file(SAMPLES + "gmail.messages.get.format-metadata.sent.nango.json"));
             TestServer nango = TestServer.start(AddOnClient.settings(own, "nango.dev"))) {
            nango.staff("api@nango.dev", "API Test");
            Card opened = AddOnCards.parse(new AddOnClient(key, nango).call(GmailAddOn.CONTEXTUAL, "api@nango.dev",
                    e -> AddOnClient.withMessage(e, SENT, SENT_THREAD))).card();
            assertThat(text(section(opened, "victor@nango.dev"))).contains("To");
            assertThat(opened.getSectionsList()).noneMatch(sec -> text(sec).contains("api@nango.dev"));
        }
    }

    @Test
    void saveAContactWithEditedFieldsThenFindItFromTheHomepage() {
        Card.Section hassan = section(open(ATTACHMENTS, ATTACHMENTS).card(), "hassanwari254@gmail.com");
        // "Edit contact" once another test has logged this message, "Save contact" before: the same form either way.
        Button edit = AddOnCards.buttons(hassan).stream()
                .filter(b -> b.getText().equals("Save contact") || b.getText().equals("Edit contact")).findFirst()
                .orElseThrow(() -> new AssertionError("no save or edit button in " + hassan));
        Card form = click(URI.create(edit.getOnClick().getAction().getFunction()).getPath(), null, parameters(edit),
                Map.of()).card();
        assertThat(form.getSectionsList().get(0).getWidgetsList()).anyMatch(w -> w.hasTextInput()
                && w.getTextInput().getName().equals("name") && w.getTextInput().getValue().equals("Hassan Wari"));
        Button submit = button(form.getSections(0), "Save");

        AddOnCards.Answer saved = click("/gmail/action/save-contact", null, parameters(submit),
                Map.of("name", "Hassan Wari", "title", "Integration engineer", "phone", "+254 700 000 001"));
        assertThat(saved.notification()).isEqualTo("Contact saved.");
        assertThat(saved.updated()).hasSize(1);
        JsonNode contact = lookup("hassanwari254@gmail.com").path("contact");
        assertThat(contact.path("title").asText()).isEqualTo("Integration engineer");
        assertThat(contact.path("phones").get(0).asText()).isEqualTo("+254 700 000 001");

        Card results = click("/gmail/action/search", null, Map.of(), Map.of("query", "hassan")).card();
        Card.Section list = results.getSections(0);
        assertThat(list.getWidgets(0).getDecoratedText().getText()).isEqualTo("Hassan Wari");
        Card person = click("/gmail/action/person", null,
                Map.of("contactId", list.getWidgets(0).getDecoratedText().getOnClick().getAction().getParameters(0).getValue()),
                Map.of()).card();
        assertThat(person.getHeader().getTitle()).isEqualTo("Hassan Wari");
        assertThat(text(person.getSections(0))).as("title and phone, as the Outlook pane shows them")
                .contains("Integration engineer", "+254 700 000 001");

        Card home = AddOnCards.parse(client.call(GmailAddOn.HOMEPAGE, ADA, e -> e)).card();
        assertThat(text(home.getSections(1))).contains("Your recent conversations");

        // Editing again: the form shows the title and the first phone. An emptied title is cleared; the phones the
        // form does not show are kept.
        long id = contact.path("id").asLong();
        server.patch("/api/v1/contacts/" + id, server.adminToken(), "{\"phones\": [\"+254 700 000 001\", \"+254 700 000 002\"]}");
        Card.Section again = section(open(ATTACHMENTS, ATTACHMENTS).card(), "hassanwari254@gmail.com");
        Button editAgain = AddOnCards.buttons(again).stream().filter(b -> b.getText().equals("Edit contact")).findFirst()
                .orElseThrow(() -> new AssertionError("no edit button in " + again));
        Card editForm = click(URI.create(editAgain.getOnClick().getAction().getFunction()).getPath(), null, parameters(editAgain),
                Map.of()).card();
        AddOnCards.Answer edited = click("/gmail/action/save-contact", null, parameters(button(editForm.getSections(0), "Save")),
                Map.of("name", "Hassan W. Wari", "title", "", "phone", "+254 700 000 001"));
        assertThat(edited.notification()).isEqualTo("Contact saved.");
        JsonNode after = server.get("/api/v1/contacts/" + id, server.adminToken()).json();
        assertThat(after.path("name").asText()).isEqualTo("Hassan W. Wari");
        assertThat(after.path("title").isNull()).as("%s", after).isTrue();
        assertThat(after.path("phones").toString()).isEqualTo("[\"+254 700 000 001\",\"+254 700 000 002\"]");
    }

    @Test
    void logAsPrivateStoresTheHtmlOnlyNewsletterPrivately() {
        long before = messages();
        AddOnCards.Answer logged = click("/gmail/action/log-private", NEWSLETTER, Map.of(), Map.of());
        assertThat(logged.notification()).isEqualTo("Conversation logged as private.");
        assertThat(messages()).isEqualTo(before + 1);
        String mid = "<iuWHwffH3o5be8ku81UHFhbgnBPiAEpLFSJ14yRDRA@localhost>";
        Map<String, Object> row = server.app().db().read(h -> h.createQuery(
                "SELECT private, source, snippet FROM message WHERE internet_message_id = :mid").bind("mid", mid).mapToMap().one());
        assertThat(((Number) row.get("private")).intValue()).isEqualTo(1);
        assertThat(row.get("source")).isEqualTo("gmail");
        // The newsletter has only an HTML part: its text, not its markup, is what is kept.
        assertThat((String) row.get("snippet")).isNotBlank().doesNotContain("<").doesNotContain("&nbsp;");
        assertThat(lookup("info@tendersunlimited.com").path("known").asBoolean()).as("list mail sender").isFalse();

        AddOnCards.Answer again = click("/gmail/action/log-private", NEWSLETTER, Map.of(), Map.of());
        assertThat(again.notification()).isEqualTo("Already logged; it is now private.");
        assertThat(messages()).isEqualTo(before + 1);
    }

    private static void writePreview(Card card) throws IOException {
        Path out = Path.of("target", "gmail-card-preview", "contextual-card.html");
        Files.createDirectories(out.getParent());
        Files.writeString(out, CardPreview.html(card, "PREVIEW, not a Gmail screenshot: the contextual card the server "
                + "returned for the recorded SENT sample (after it was logged and a colleague wrote to Victor), drawn by "
                + "Unsilo's test renderer from the card JSON. Gmail draws the real card itself and it looks different."));
    }
}
