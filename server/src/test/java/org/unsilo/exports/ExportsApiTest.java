package org.unsilo.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import ezvcard.Ezvcard;
import ezvcard.VCard;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.CliRun;
import org.unsilo.testing.TestJson;
import org.unsilo.testing.TestServer;

/**
 * The CSV and vCard exports over HTTP: what they hold, that nothing private is in them, and that the contacts CSV
 * goes back in through {@code unsilo import contacts} unchanged — into the same server (nothing new, nothing
 * changed) and into an empty one (the same contacts).
 */
class ExportsApiTest {

    private static final String PRIVATE_SUBJECT = "Confidential: salary negotiation";

    private static TestServer server;
    private static TestServer.Staff alice;
    private static TestServer.Staff bob;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.staff("alice@unsilo.test", "Alice Staff");
        bob = server.staff("bob@unsilo.test", "Bob Staff");
        Instant sent = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        server.capture(alice.token(), CaptureJson.from("\"Allen, Phillip K.\" <phillip.allen@enron.example>")
                .to("alice@unsilo.test").cc("Jo Doe <jo@gmail.com>", "Ken Lay <ken.lay@enron.example>").sentAt(sent)
                .subject("Gas volumes"));
        server.capture(bob.token(), CaptureJson.from("bob@unsilo.test").toParty("sara@secret-client.example", "Sara Quiet")
                .subject(PRIVATE_SUBJECT).body("Between us: the offer is 120k.").markPrivate());
        long phillip = contactId("phillip.allen@enron.example");
        // Edited by a person: a title, phones and a second address.
        assertThat(server.patch("/api/v1/contacts/" + phillip, alice.token(), TestJson.write(Map.of("title", "Managing Director",
                "phones", List.of("+1 713 555 0141", "+1 713 555 0199"), "emails", List.of("pallen@enron-trading.example"))))
                .status()).isEqualTo(200);
        // A contact typed in by hand, with a comma and quotes in its fields, and one without any address.
        assertThat(server.post("/api/v1/contacts", alice.token(), TestJson.write(Map.of("name", "O'Neil, \"Dee\"",
                "title", "VP, Sales", "emails", List.of("dee.oneil@yahoo.com")))).status()).isEqualTo(201);
        assertThat(server.post("/api/v1/contacts", alice.token(), "{\"name\": \"Nameonly Person\", \"title\": \"Advisor\"}")
                .status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long contactId(String address) {
        return server.lookup(server.adminToken(), address).json().path("results").get(0).path("contact").path("id").asLong();
    }

    /**
     * Every contact as the API shows it, keyed by its addresses (sorted: addresses imported together have no order
     * of their own) or by its name when it has none, with the fields a CSV carries.
     */
    private static Map<String, String> contactsOf(TestServer s) {
        Map<String, String> out = new TreeMap<>();
        String cursor = null;
        do {
            JsonNode page = s.get("/api/v1/contacts?limit=200" + (cursor == null ? "" : "&cursor=" + cursor), s.adminToken()).json();
            for (JsonNode c : page.path("items")) {
                List<String> emails = new ArrayList<>();
                c.path("emails").forEach(e -> emails.add(e.asText()));
                emails.sort(null);
                String key = emails.isEmpty() ? c.path("name").asText() : emails.toString();
                out.put(key, String.join(" | ", c.path("name").asText(), c.path("title").asText(), c.path("phones").toString(),
                        c.path("organization").path("name").asText(""), c.path("organization").path("domain").asText("")));
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
        } while (cursor != null);
        return out;
    }

    private static List<CSVRecord> csv(String body) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(body)).getRecords();
    }

    @Test
    void contactsCsvHoldsEveryContactWithItsFieldsAndNothingOfAnyConversation() throws IOException {
        TestServer.Response r = server.get("/api/v1/exports/contacts.csv", alice.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(r.header("Content-Disposition")).contains("attachment").contains("contacts.csv");
        List<CSVRecord> rows = csv(r.body());
        assertThat(rows).hasSize(server.stats().path("contacts").asInt()).hasSize(6);
        CSVRecord phillip = rows.stream().filter(row -> row.get("E-mail").contains("phillip.allen@enron.example")).findFirst().orElseThrow();
        assertThat(phillip.get("Name")).isEqualTo("Phillip K. Allen");
        // In the contact's own order: the address it was first known by comes first.
        assertThat(phillip.get("E-mail")).isEqualTo("phillip.allen@enron.example ::: pallen@enron-trading.example");
        assertThat(phillip.get("Phone")).isEqualTo("+1 713 555 0141 ::: +1 713 555 0199");
        assertThat(phillip.get("Job Title")).isEqualTo("Managing Director");
        assertThat(phillip.get("Company")).isEqualTo("Enron");
        assertThat(phillip.get("Organization Domain")).isEqualTo("enron.example");
        // The contact of a private conversation is a shared record; the conversation itself is in no export.
        assertThat(r.body()).contains("sara@secret-client.example").doesNotContain(PRIVATE_SUBJECT, "120k", "Gas volumes");
    }

    @Test
    void contactsVcardIsOneVcard4CardPerContact() {
        TestServer.Response r = server.get("/api/v1/exports/contacts.vcf", bob.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/vcard");
        assertThat(r.body()).contains("VERSION:4.0").doesNotContain(PRIVATE_SUBJECT);
        List<VCard> cards = Ezvcard.parse(r.body()).all();
        assertThat(cards).hasSize(6);
        VCard phillip = cards.stream().filter(c -> c.getFormattedName().getValue().equals("Phillip K. Allen")).findFirst().orElseThrow();
        assertThat(phillip.getEmails()).extracting(e -> e.getValue())
                .containsExactly("phillip.allen@enron.example", "pallen@enron-trading.example");
        assertThat(phillip.getTelephoneNumbers()).extracting(t -> t.getText()).containsExactly("+1 713 555 0141", "+1 713 555 0199");
        assertThat(phillip.getTitles().get(0).getValue()).isEqualTo("Managing Director");
        assertThat(phillip.getOrganization().getValues()).containsExactly("Enron");
        VCard nameOnly = cards.stream().filter(c -> c.getFormattedName().getValue().equals("Nameonly Person")).findFirst().orElseThrow();
        assertThat(nameOnly.getEmails()).isEmpty();
    }

    @Test
    void organizationsCsvCountsTheirContacts() throws IOException {
        TestServer.Response r = server.get("/api/v1/exports/organizations.csv", alice.token());

        assertThat(r.status()).isEqualTo(200);
        List<CSVRecord> rows = csv(r.body());
        assertThat(rows).extracting(row -> row.get("Domain")).containsExactlyInAnyOrder("enron.example", "secret-client.example");
        CSVRecord enron = rows.stream().filter(row -> row.get("Domain").equals("enron.example")).findFirst().orElseThrow();
        assertThat(enron.get("Name")).isEqualTo("Enron");
        assertThat(enron.get("Contacts")).isEqualTo("2");
    }

    @Test
    void exportsNeedATokenAndAreAuditLogged() {
        assertThat(server.get("/api/v1/exports/contacts.csv", null).status()).isEqualTo(401);
        server.get("/api/v1/exports/organizations.csv", bob.token());
        JsonNode audit = server.get("/api/v1/admin/audit?limit=200", server.adminToken()).json().path("items");
        List<String> exports = new ArrayList<>();
        audit.forEach(a -> {
            if (a.path("action").asText().equals("export.organizations.csv") && a.path("actorId").asLong() == bob.id()) {
                exports.add(a.path("after").asText());
            }
        });
        assertThat(exports).isNotEmpty().allMatch(after -> after.matches("\\{\"records\":\\d+}"));
    }

    @Test
    void theCsvReimportsIntoTheSameServerWithoutAnyChange() throws IOException {
        Map<String, String> before = contactsOf(server);
        long contactsBefore = server.stats().path("contacts").asLong();
        long organizationsBefore = server.stats().path("organizations").asLong();
        Path file = tmp.resolve("contacts.csv");
        Files.writeString(file, server.get("/api/v1/exports/contacts.csv", alice.token()).body(), StandardCharsets.UTF_8);

        CliRun.Result run = CliRun.run(server.cli("import", "contacts", file.toString(), "--owner", "alice@unsilo.test"));

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(server.stats().path("contacts").asLong()).isEqualTo(contactsBefore);
        assertThat(server.stats().path("organizations").asLong()).isEqualTo(organizationsBefore);
        assertThat(contactsOf(server)).isEqualTo(before);
    }

    @Test
    void theCsvImportsIntoAnEmptyServerAsTheSameContacts() throws IOException {
        Map<String, String> expected = contactsOf(server);
        Path file = tmp.resolve("contacts.csv");
        Files.writeString(file, server.get("/api/v1/exports/contacts.csv", alice.token()).body(), StandardCharsets.UTF_8);
        try (TestServer empty = TestServer.start()) {
            empty.staff("carol@unsilo.test", "Carol Staff");

            CliRun.Result run = CliRun.run(empty.cli("import", "contacts", file.toString(), "--owner", "carol@unsilo.test"));

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(contactsOf(empty)).isEqualTo(expected);
        }
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
        assertThat(ExportService.safe("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(ExportService.safe("@SUM(A1)")).startsWith("'");
        assertThat(ExportService.safe("Ada Lovelace")).isEqualTo("Ada Lovelace");
        assertThat(ExportService.safePhone("+1 (713) 555-0141 x12")).isEqualTo("+1 (713) 555-0141 x12");
        assertThat(ExportService.safePhone("+cmd|' /C calc'!A0")).startsWith("'");
    }
}
