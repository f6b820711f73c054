package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.common.NameKey;
import org.unsilo.contacts.FieldRules;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/** The contact and organisation pages as a person without JavaScript uses them: edits, refusals, long lists. */
class ContactPagesTest {

    private static final String PASSWORD = "correct horse battery";

    private static TestServer server;
    private static TestServer.Staff ann;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ann = server.staff("ann@unsilo.test", "Ann Staff", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient signedIn() {
        return WebClient.signedIn(server.url(""), "ann@unsilo.test", PASSWORD);
    }

    private static JsonNode contactOf(String address) {
        return server.lookup(ann.token(), address).json().path("results").get(0).path("contact");
    }

    @Test
    void anOldRelationshipReadsOnTheOrganisationPageAsTheApiGivesIt() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").to("olga@oldco.example")
                .sentAt(java.time.Instant.parse("2005-06-01T10:00:00Z")));
        long org = server.lookup(ann.token(), "olga@oldco.example").json().path("results").get(0).path("organization").path("id").asLong();
        String api = server.get("/api/v1/organizations/" + org + "/people", ann.token()).body();
        java.util.regex.Matcher strength = java.util.regex.Pattern.compile("\"strength\":([^,}]+)").matcher(api);
        assertThat(strength.find()).as(api).isTrue();
        // Twenty years of decay: a tiny number, the same on both, not 0.00.
        assertThat(Double.parseDouble(strength.group(1))).isPositive().isLessThan(1e-20);

        String page = signedIn().get("/organizations/" + org).body();

        assertThat(page).contains("strength " + strength.group(1) + " ·");
    }

    @Test
    void emptyingTheJobTitleAndPhonesRemovesThem() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("tia@title.example", "Tia Title").subject("Hi"));
        long id = contactOf("tia@title.example").path("id").asLong();
        server.patch("/api/v1/contacts/" + id, ann.token(), "{\"title\": \"Buyer\", \"phones\": [\"+44 20 7946 0000\"]}");
        WebClient web = signedIn();
        assertThat(web.get("/contacts/" + id).body()).contains("value=\"Buyer\"", "+44 20 7946 0000");

        WebClient.Page saved = web.post("/contacts/" + id, Map.of("name", "Tia Title", "title", "", "phones", " ", "addEmail", ""));

        assertThat(saved.status()).isEqualTo(303);
        JsonNode contact = server.get("/api/v1/contacts/" + id, ann.token()).json();
        assertThat(contact.path("title").isNull()).as("%s", contact).isTrue();
        assertThat(contact.path("phones")).isEmpty();
        assertThat(contact.path("name").asText()).isEqualTo("Tia Title");
    }

    @Test
    void theAuditLogSaysWhoChangedWhatInWordsAndLinksIt() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("ava@audit.example", "Ava Audit").subject("Hi"));
        long id = contactOf("ava@audit.example").path("id").asLong();
        WebClient web = signedIn();
        web.get("/contacts/" + id);
        assertThat(web.post("/contacts/" + id, Map.of("name", "Ava Audited", "title", "CFO")).status()).isEqualTo(303);
        WebClient admin = server.signedInAdmin(PASSWORD);

        String page = admin.get("/admin/audit").body();
        String row = page.substring(page.indexOf("contact.update"));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(page).contains("Ann Staff &lt;ann@unsilo.test&gt;").containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(row).contains("<a href=\"/contacts/" + id + "\">contact " + id + "</a>")
                .contains("\"name\":\"Ava Audit\"", "\"name\":\"Ava Audited\"", "\"title\":\"CFO\"")
                .doesNotContain("ContactRow[", "Edit[", "createdAt", "editedFields");
    }

    @Test
    void differentPeopleOfOneNameLeaveTheDuplicatesUntilANewOneJoins() {
        for (String address : java.util.List.of("sam@one.example", "sam@two.example")) {
            server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty(address, "Sam Same").subject("Hi " + address));
        }
        long first = contactOf("sam@one.example").path("id").asLong();
        long second = contactOf("sam@two.example").path("id").asLong();
        WebClient web = signedIn();
        assertThat(web.get("/duplicates").body()).contains("aria-label=\"Sam Same\"");

        WebClient.Page marked = web.postAll("/duplicates/different", "contact", java.util.List.of(String.valueOf(first), String.valueOf(second)));
        assertThat(marked.status()).as(marked.body()).isEqualTo(303);
        String after = web.get(marked.location()).body();
        assertThat(after).doesNotContain("aria-label=\"Sam Same\"").contains("Marked as different people");
        assertThat(server.stats().path("contacts").asLong()).as("nothing merged or deleted").isPositive();

        web.get("/duplicates");
        web.postAll("/duplicates/different/undo", "contact", java.util.List.of(String.valueOf(first)));
        assertThat(web.get("/duplicates").body()).as("undone").contains("aria-label=\"Sam Same\"");

        web.get("/duplicates");
        assertThat(web.postAll("/duplicates/different", "contact", java.util.List.of(String.valueOf(first), String.valueOf(second))).status()).isEqualTo(303);
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("sam@three.example", "Sam Same").subject("Third"));
        assertThat(web.get("/duplicates").body()).as("a third Sam may be one of the two").contains("aria-label=\"Sam Same\"");

        web.get("/duplicates");
        WebClient.Page notOneName = web.postAll("/duplicates/different", "contact", java.util.List.of(String.valueOf(first)));
        assertThat(notOneName.status()).isEqualTo(400);
    }

    @Test
    void namesThatDifferOnlyInAccentsCaseOrSpacingAreDuplicates() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("jr@one-dupe.example", "José Ruiz-Dupe")
                .toParty("jr@two-dupe.example", "JOSE  RUIZ-DUPE").subject("Hola"));
        String page = signedIn().get("/duplicates").body();
        assertThat(page).contains("aria-label=\"José Ruiz-Dupe\"");
        String group = page.substring(page.indexOf("aria-label=\"José Ruiz-Dupe\""));
        assertThat(group.substring(0, group.indexOf("</section>"))).contains("jr@one-dupe.example", "jr@two-dupe.example");
    }

    @Test
    void aRefusedEditKeepsWhatWasTypedAndSaysWhy() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("rex@refused.example", "Rex Refused")
                .toParty("other@refused.example", "Otto Other").subject("Hi"));
        long id = contactOf("rex@refused.example").path("id").asLong();
        long other = contactOf("other@refused.example").path("id").asLong();
        WebClient web = signedIn();
        web.get("/contacts/" + id);

        WebClient.Page refused = web.post("/contacts/" + id, Map.of("name", "Rex R. Refused", "title", "Head of <Trading>",
                "phones", "+1 555 0100", "addEmail", "other@refused.example"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"edit-error\"", "already belongs to contact " + other)
                .contains("value=\"Rex R. Refused\"", "value=\"Head of &lt;Trading", ">+1 555 0100</textarea>",
                        "value=\"other@refused.example\"")
                .containsPattern("<details id=\"edit\" open");
        JsonNode contact = server.get("/api/v1/contacts/" + id, ann.token()).json();
        assertThat(contact.path("name").asText()).as("nothing of a refused edit is stored").isEqualTo("Rex Refused");
        assertThat(contact.path("title").isNull()).isTrue();

        WebClient.Page invalid = web.post("/contacts/" + id, Map.of("name", "Rex", "addEmail", "not-an-address"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("Not saved:", "value=\"not-an-address\"");
        assertThat(web.get("/contacts/" + id).body()).doesNotContain("edit-error").doesNotContain("<details id=\"edit\" open");
    }

    @Test
    void aContactWhoseLongNameTheApiAcceptedCanStillBeEditedHere() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("lena@long-name.example", "Lena Long")
                .subject("Hi"));
        long id = contactOf("lena@long-name.example").path("id").asLong();
        String longName = "Lena " + "L".repeat(245);
        assertThat(server.patch("/api/v1/contacts/" + id, ann.token(), "{\"name\":\"" + longName + "\"}").status())
                .isEqualTo(200);
        WebClient web = signedIn();
        web.get("/contacts/" + id);

        // The form sends the name back as it shows it, with the new title.
        WebClient.Page saved = web.post("/contacts/" + id, Map.of("name", longName, "title", "Archivist"));

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        JsonNode contact = server.get("/api/v1/contacts/" + id, ann.token()).json();
        assertThat(contact.path("title").asText()).isEqualTo("Archivist");
        assertThat(contact.path("name").asText()).isEqualTo(longName);
    }

    @Test
    void aPhoneStoredBeforeTheRulesDoesNotBlockSavingTheFormWhichSendsItBack() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("olaf@old-phones.example", "Olaf Old")
                .subject("Hi"));
        long id = contactOf("olaf@old-phones.example").path("id").asLong();
        String legacy = "+47 22 00 00 00 (reception; ask for Olaf in accounts)";
        server.app().db().write(h -> h.createUpdate("UPDATE contact SET phones = :phones WHERE id = :id")
                .bind("phones", "[\"" + legacy + "\"]").bind("id", id).execute());
        WebClient web = signedIn();
        web.get("/contacts/" + id);

        // The form sends every phone back as it shows them, with the new title.
        WebClient.Page saved = web.post("/contacts/" + id, Map.of("name", "Olaf Old", "title", "Controller", "phones", legacy));

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        JsonNode contact = server.get("/api/v1/contacts/" + id, ann.token()).json();
        assertThat(contact.path("title").asText()).isEqualTo("Controller");
        assertThat(contact.path("phones").get(0).asText()).isEqualTo(legacy);
    }

    /**
     * A phone may hold a comma (an extension, a note from an address book). The form shows each phone on its own line
     * and sends the lines back as a browser does (CR LF between them), so saving the contact's title keeps each phone
     * whole; the form split its one line of phones at every comma, and the save turned one phone into two.
     */
    @Test
    void aPhoneWithACommaStaysOnePhoneWhenTheFormIsSaved() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("cora@comma.example", "Cora Comma")
                .subject("Hi"));
        long id = contactOf("cora@comma.example").path("id").asLong();
        List<String> phones = List.of("+1 713 555 0100, ext. 3", "+1 713 555 0199");
        assertThat(server.patch("/api/v1/contacts/" + id, ann.token(), TestJson.write(Map.of("phones", phones))).status())
                .isEqualTo(200);
        WebClient web = signedIn();
        String page = web.get("/contacts/" + id).body();
        java.util.regex.Matcher shown = java.util.regex.Pattern.compile("<textarea id=\"phones\"[^>]*>([^<]*)</textarea>")
                .matcher(page);
        assertThat(shown.find()).as(page).isTrue();
        assertThat(shown.group(1).split("\n")).containsExactly("+1 713 555 0100, ext. 3", "+1 713 555 0199");

        WebClient.Page saved = web.post("/contacts/" + id, Map.of("name", "Cora Comma", "title", "Buyer",
                "phones", shown.group(1).replace("\n", "\r\n")));

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        JsonNode contact = server.get("/api/v1/contacts/" + id, ann.token()).json();
        assertThat(contact.path("title").asText()).isEqualTo("Buyer");
        assertThat(TestJson.texts(contact.path("phones"))).isEqualTo(phones);
    }

    /**
     * An old address book gave this contact a name, title and phone with a control character (U+0007) before the rules
     * refused one. The form sends them back as it shows them, so changing only the phones works, as by the API and the
     * Gmail add-on; a new control character is still refused, with a message that says which field and why.
     */
    @Test
    void controlCharactersTheContactHoldsDoNotBlockSavingTheFormButNewOnesAreRefused() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("bea@bell-import.example", "Bea Bell")
                .subject("Hi"));
        long id = contactOf("bea@bell-import.example").path("id").asLong();
        String name = "Bea\u0007Bell <imported>";
        String title = "Head\u0007of Sales";
        String phone = "+44 20 7946 0200\u0007";
        server.app().db().write(h -> h.createUpdate("UPDATE contact SET display_name = :name, sort_name = :sortName,"
                        + " title = :title, phones = :phones WHERE id = :id").bind("name", name)
                .bind("sortName", NameKey.of(name)).bind("title", title).bind("phones", TestJson.write(List.of(phone)))
                .bind("id", id).execute());
        WebClient web = signedIn();
        web.get("/contacts/" + id);

        WebClient.Page saved = web.post("/contacts/" + id, Map.of("name", name, "title", title,
                "phones", phone + "\r\n+44 20 7946 0201"));

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        JsonNode contact = server.get("/api/v1/contacts/" + id, ann.token()).json();
        assertThat(TestJson.texts(contact.path("phones"))).containsExactly(phone, "+44 20 7946 0201");
        assertThat(contact.path("name").asText()).isEqualTo(name);
        assertThat(contact.path("title").asText()).isEqualTo(title);

        web.get("/contacts/" + id);
        WebClient.Page refused = web.post("/contacts/" + id, Map.of("name", "Bea Bell <Sales>\u0001", "title", title,
                "phones", phone));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not saved: the name contains control character U+0001.")
                .contains("value=\"Bea Bell &lt;Sales>\u0001\"").doesNotContain("<Sales>", "<imported>");
        web.get("/contacts/" + id);
        WebClient.Page newPhone = web.post("/contacts/" + id, Map.of("name", name, "title", title,
                "phones", phone + "\n+44 20 7946\u0007 0202"));
        assertThat(newPhone.status()).isEqualTo(400);
        assertThat(newPhone.body()).contains("Not saved: phone number 2 contains control character U+0007.");
        assertThat(TestJson.texts(server.get("/api/v1/contacts/" + id, ann.token()).json().path("phones")))
                .containsExactly(phone, "+44 20 7946 0201");
    }

    /**
     * The API takes as many phones as long as the field rules allow; the form shows them all in one field and sends
     * them back, so saving the title of a contact with that many phones works here too, while one phone more than the
     * rules allow is refused, as by the API, with a message that says so.
     */
    @Test
    void aContactWithAsManyPhonesAsTheApiAllowsCanBeSavedHere() {
        server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("pia@many-phones.example", "Pia Phones")
                .subject("Hi"));
        long id = contactOf("pia@many-phones.example").path("id").asLong();
        List<String> phones = new java.util.ArrayList<>();
        for (int i = 0; i < FieldRules.PHONES_MAX; i++) {
            String prefix = "+44 20 7946 " + (1000 + i) + " ext. ";
            phones.add(prefix + "9".repeat(FieldRules.PHONE_MAX - prefix.length()));
        }
        assertThat(server.patch("/api/v1/contacts/" + id, ann.token(), TestJson.write(Map.of("phones", phones))).status())
                .isEqualTo(200);
        WebClient web = signedIn();
        web.get("/contacts/" + id);

        WebClient.Page saved = web.post("/contacts/" + id, Map.of("name", "Pia Phones", "title", "Switchboard",
                "phones", String.join("\r\n", phones)));

        assertThat(saved.status()).as(saved.body()).isEqualTo(303);
        JsonNode contact = server.get("/api/v1/contacts/" + id, ann.token()).json();
        assertThat(contact.path("title").asText()).isEqualTo("Switchboard");
        assertThat(TestJson.texts(contact.path("phones"))).isEqualTo(phones);

        List<String> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i <= FieldRules.PHONES_MAX; i++) {
            tooMany.add("+1 555 01" + (10 + i));
        }
        WebClient.Page refused = web.post("/contacts/" + id, Map.of("name", "Pia Phones", "title", "Operator",
                "phones", String.join("\r\n", tooMany)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not saved: the list of phone numbers has " + (FieldRules.PHONES_MAX + 1)
                + " entries; at most " + FieldRules.PHONES_MAX + " are accepted.");
        assertThat(server.get("/api/v1/contacts/" + id, ann.token()).json().path("title").asText()).isEqualTo("Switchboard");
    }

    @Test
    void theNextPageOfASearchSearchesForTheSameText() {
        for (int i = 0; i < 27; i++) {
            server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").toParty("rd" + i + "@lab.example", "R&D Lab " + i)
                    .subject("Lab " + i));
        }
        WebClient web = signedIn();
        String first = web.get("/contacts?q=R%26D").body();
        assertThat(first).contains("R&amp;D Lab").contains("href=\"/contacts?q=R%26D&after=");

        String next = first.replaceAll("(?s).*href=\"(/contacts\\?q=R%26D&after=[A-Za-z0-9_-]+)\".*", "$1");
        String second = web.get(next).body();
        assertThat(second).contains("R&amp;D Lab").doesNotContain("Next page");
    }

    @Test
    void theContactsAreListedByName() {
        List<String> names = List.of("zeta Weborder", "Mu Weborder", "Émile Weborder", "alpha Weborder");
        for (int i = 0; i < names.size(); i++) {
            server.capture(ann.token(), CaptureJson.from("ann@unsilo.test")
                    .toParty("p" + i + "@weborder.example", names.get(i)).subject(names.get(i)));
        }
        String page = signedIn().get("/contacts?q=weborder").body();
        assertThat(page.indexOf("alpha Weborder")).isPositive().isLessThan(page.indexOf("Émile Weborder"));
        assertThat(page.indexOf("Émile Weborder")).as("an accent sorts as its letter").isLessThan(page.indexOf("Mu Weborder"));
        assertThat(page.indexOf("Mu Weborder")).isLessThan(page.indexOf("zeta Weborder"));
        assertThat(signedIn().get("/contacts?q=EMILE+WEBORDER").body()).contains("Émile Weborder").doesNotContain("Mu Weborder");
    }

    @Test
    void anOrganisationsPeopleAndTheOrganisationsAreListedByName() {
        List<String> names = List.of("Zoe Webpeople", "Ørjan Webpeople", "Oscar Webpeople", "Ada Webpeople");
        for (int i = 0; i < names.size(); i++) {
            server.capture(ann.token(), CaptureJson.from("ann@unsilo.test")
                    .toParty("p" + i + "@webpeople.example", names.get(i)).subject(names.get(i)));
        }
        long org = server.lookup(ann.token(), "p0@webpeople.example").json().path("results").get(0).path("organization")
                .path("id").asLong();
        WebClient web = signedIn();
        String page = web.get("/organizations/" + org).body();
        assertThat(page.indexOf("Ada Webpeople")).isPositive().isLessThan(page.indexOf("Ørjan Webpeople"));
        assertThat(page.indexOf("Ørjan Webpeople")).isLessThan(page.indexOf("Oscar Webpeople"));
        assertThat(page.indexOf("Oscar Webpeople")).isLessThan(page.indexOf("Zoe Webpeople"));

        for (String domain : List.of("zz-weborgs.example", "ostrava-weborgs.example", "aa-weborgs.example")) {
            server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").to("desk@" + domain).subject(domain));
        }
        long ostrava = server.lookup(ann.token(), "desk@ostrava-weborgs.example").json().path("results").get(0)
                .path("organization").path("id").asLong();
        server.patch("/api/v1/organizations/" + ostrava, ann.token(), "{\"name\": \"Östrava Weborgs\"}");
        String list = web.get("/organizations?sort=name&q=weborgs").body();
        assertThat(list.indexOf("Aa Weborgs")).isPositive().isLessThan(list.indexOf("Östrava Weborgs"));
        assertThat(list.indexOf("Östrava Weborgs")).isLessThan(list.indexOf("Zz Weborgs"));
    }

    @Test
    void aLongListOfOrganisationsSaysThatItShowsOnlyTheFirst() {
        WebClient web = signedIn();
        for (int i = 0; i < 52; i++) {
            server.capture(ann.token(), CaptureJson.from("ann@unsilo.test").to("desk@org" + i + "-trading.example").subject("Org " + i));
        }
        String page = web.get("/organizations?sort=name").body();
        assertThat(page).contains("id=\"more\"", "Showing the first 50.").doesNotContain("Ranked at");
        assertThat(web.get("/organizations?q=org7-trading").body()).doesNotContain("id=\"more\"");
    }
}
