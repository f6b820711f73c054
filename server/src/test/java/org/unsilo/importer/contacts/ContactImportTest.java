package org.unsilo.importer.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.common.Search;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.Views;
import org.unsilo.importer.ImportCounts;
import org.unsilo.importer.ImportProgress;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ImportIssueRow;
import org.unsilo.testing.TestServer;

import static org.unsilo.importer.contacts.ContactCounts.*;

/**
 * Contact imports end to end on a real server and SQLite file: the self-written fixtures in
 * {@code src/test/resources/contacts/}, merges by address, edits that imports must not touch, re-runs
 * and a crash in the middle.
 */
class ContactImportTest {

    @TempDir
    Path tmp;

    private TestServer server;
    private App app;

    @BeforeEach
    void start() {
        // The admin (admin@unsilo.test) makes unsilo.test a company domain: its addresses are colleagues.
        server = TestServer.start();
        app = server.app();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Path fixture(String name) {
        try {
            return Path.of(ContactImportTest.class.getResource("/contacts/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private ContactImporter.Result importFile(Path file) throws IOException {
        return app.contactImporter().run(new ContactImporter.Request(file, server.admin().id(), null, null, null),
                ImportProgress.NONE);
    }

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private Views.Contact contact(String address) {
        long id = app.db().read(h -> h.attach(ContactDao.class).idByAddress(address))
                .orElseThrow(() -> new AssertionError("no contact has " + address));
        return app.contacts().find(id).orElseThrow().contact();
    }

    private List<String> issues(ContactImporter.Result r) {
        return app.importJobs().issues(r.job().id(), 0, 1000).stream()
                .map(i -> i.item() + ": " + i.reason()).toList();
    }

    /** Every live contact, one line each: what a person would see, to compare whole stores. */
    private List<String> snapshot() {
        return app.contacts().search(Search.ALL, 0, NameCursor.FIRST, 10_000).stream()
                .map(c -> c.name() + "|" + c.title() + "|" + c.emails() + "|" + c.phones() + "|"
                        + (c.organization() == null ? null : c.organization().name() + "@" + c.organization().domain())
                        + "|" + c.source())
                .sorted().toList();
    }

    @Test
    void vcard30WithTwoCards() throws IOException {
        ContactImporter.Result r = importFile(fixture("two-cards-v30.vcf"));

        ImportCounts c = r.counts();
        assertThat(r.alreadyDone()).isFalse();
        assertThat(r.job().status()).isEqualTo("done");
        assertThat(c.get(RECORDS)).isEqualTo(2);
        assertThat(c.get(CREATED)).isEqualTo(2);
        assertThat(c.get(ADDRESSES_ADDED)).isEqualTo(3);
        assertThat(c.get(ORGANIZATIONS_CREATED)).isEqualTo(2);
        assertThat(issues(r)).isEmpty();

        Views.Contact ada = contact("ada@analytical-engines.co.uk");
        assertThat(ada.name()).isEqualTo("Ada Lovelace");
        assertThat(ada.title()).isEqualTo("Chief Programmer");
        // Both addresses on one contact, normalised; the fax is not a number to call.
        assertThat(ada.emails()).containsExactlyInAnyOrder("ada@analytical-engines.co.uk", "ada.lovelace@gmail.com");
        assertThat(ada.phones()).containsExactly("+44 20 7946 0001");
        // Organisation from the registrable domain (co.uk is a public suffix), named by the card's ORG.
        assertThat(ada.organization().domain()).isEqualTo("analytical-engines.co.uk");
        assertThat(ada.organization().name()).isEqualTo("Analytical Engines Ltd");
        assertThat(ada.source()).isEqualTo("import:vcard");
        // Without an ORG the organisation is named from its domain.
        assertThat(contact("charles@difference-engine.org").organization().name()).isEqualTo("Difference Engine");
    }

    @Test
    void vcard21QuotedPrintableWithAndWithoutCharset() throws IOException {
        ContactImporter.Result r = importFile(fixture("quoted-printable-v21.vcf"));

        assertThat(r.counts().get(CREATED)).isEqualTo(1);
        Views.Contact j = contact("juergen.mueller@mueller-soehne.de");
        assertThat(j.name()).isEqualTo("Jürgen Müller");
        // TITLE names no CHARSET and its bytes are not UTF-8: read as Windows-1252.
        assertThat(j.title()).isEqualTo("Geschäftsführer");
        // ORG continues over a quoted-printable soft line break.
        assertThat(j.organization().name()).isEqualTo("Müller & Söhne GmbH");
        assertThat(j.phones()).containsExactly("+49 30 1234567", "+49 170 7654321");
    }

    @Test
    void brokenCardInTheMiddleIsReportedAndTheRestImported() throws IOException {
        ContactImporter.Result r = importFile(fixture("broken-card-in-middle.vcf"));

        ImportCounts c = r.counts();
        assertThat(r.job().status()).isEqualTo("done");
        assertThat(c.get(RECORDS)).isEqualTo(5);
        assertThat(c.get(CREATED)).isEqualTo(4);
        assertThat(c.get(CREATED_WITHOUT_ADDRESS)).isEqualTo(1);
        assertThat(c.get(SKIPPED_UNREADABLE)).isEqualTo(1);
        assertThat(c.get(ADDRESSES_INVALID)).isEqualTo(1);
        assertThat(issues(r)).containsExactlyInAnyOrder(
                "broken-card-in-middle.vcf card 2 (line 6) END:VCARD: no END:VCARD before the next BEGIN:VCARD on line 11;"
                        + " read up to there",
                "broken-card-in-middle.vcf card 2 (line 6) line 9: Skipped. Skipping malformed line (no colon character"
                        + " found). The entire line is: \"this line has no colon\"",
                "broken-card-in-middle.vcf card 2 (line 6) EMAIL 1: invalid address \"not-an-address\": missing '@' and domain",
                "broken-card-in-middle.vcf text outside any card (lines 16-19): text outside any BEGIN:VCARD ... END:VCARD"
                        + " block; not a readable card");
        // The cards after the broken one are all there.
        assertThat(contact("alan@bombe.example.net").name()).isEqualTo("Alan Turing");
        assertThat(contact("katherine@orbit.example.com").name()).isEqualTo("Katherine Johnson");
        assertThat(snapshot()).anyMatch(s -> s.startsWith("Broken Card|null|[]|"));
    }

    @Test
    void outlookCsvInWindows1252() throws IOException {
        ContactImporter.Result r = importFile(fixture("outlook.csv"));

        ImportCounts c = r.counts();
        assertThat(r.description()).contains("windows-1252");
        assertThat(c.get(RECORDS)).isEqualTo(4);
        assertThat(c.get(CREATED)).isEqualTo(2);
        assertThat(c.get(SKIPPED_NOT_A_CONTACT)).isEqualTo(1);
        assertThat(c.get(SKIPPED_EMPTY)).isEqualTo(1);
        assertThat(c.get(ADDRESSES_INTERNAL)).isEqualTo(1);

        Views.Contact grace = contact("grace@cobol.example.org");
        assertThat(grace.name()).isEqualTo("Grace Murray Hopper");
        // Outlook's "Title" is the salutation (Dr.); the job title is "Job Title".
        assertThat(grace.title()).isEqualTo("Rear Admiral");
        assertThat(grace.emails()).containsExactlyInAnyOrder("grace@cobol.example.org", "grace.hopper@navy.example.mil");
        assertThat(grace.phones()).containsExactly("+1 555 0100");
        assertThat(contact("juergen.mueller@mueller-soehne.de").name()).isEqualTo("Jürgen Müller");
        assertThat(issues(r)).containsExactlyInAnyOrder(
                "outlook.csv record 3 (line 5) column 'E-mail Address': carol@unsilo.test is a company address (a staff"
                        + " member or an internal domain); colleagues are not contacts",
                "outlook.csv record 3 (line 5): not imported: its only addresses are a colleague's, blocked or automated",
                "outlook.csv record 4 (line 6): not imported: no name and no usable e-mail address");
    }

    @Test
    void googleCsvWithMultiValueCells() throws IOException {
        ContactImporter.Result r = importFile(fixture("google.csv"));

        assertThat(r.counts().get(CREATED)).isEqualTo(2);
        assertThat(r.counts().get(ADDRESSES_ADDED)).isEqualTo(4);
        Views.Contact alan = contact("alan@bombe.example.net");
        assertThat(alan.name()).isEqualTo("Alan Turing");
        assertThat(alan.emails()).containsExactlyInAnyOrder("alan.turing@gmail.com", "alan@bombe.example.net",
                "turing@kings.example.ac.uk");
        // "Work Fax" is typed as a fax in its Phone 2 - Type column.
        assertThat(alan.phones()).containsExactly("+44 7700 900001");
        assertThat(alan.title()).isEqualTo("Cryptanalyst");
        // Free-mail comes first in the cell, so the organisation is the first company domain's.
        assertThat(alan.organization().domain()).isEqualTo("example.net");
        assertThat(alan.organization().name()).isEqualTo("Bletchley Park");
    }

    @Test
    void brokenCsvRowsAreReportedAndParsingGoesOn() throws IOException {
        ContactImporter.Result r = importFile(fixture("broken-row.csv"));

        assertThat(r.counts().get(RECORDS)).isEqualTo(5);
        assertThat(r.counts().get(CREATED)).isEqualTo(3);
        assertThat(r.counts().get(SKIPPED_UNREADABLE)).isEqualTo(2);
        assertThat(issues(r)).containsExactly(
                "broken-row.csv record 2 (line 3): the row cannot be parsed: Invalid character between encapsulated"
                        + " token and delimiter; the rows after it are read on their own",
                "broken-row.csv record 4 (line 5): the row cannot be parsed: EOF reached before encapsulated token"
                        + " finished; the rows after it are read on their own");
        assertThat(contact("charles@difference-engine.org").title()).isEqualTo("Inventor");
        // After a quote that never closes, the next line is read again as a row of its own.
        assertThat(contact("grace@cobol.example.org").title()).isEqualTo("Admiral");
    }

    @Test
    void recordsMergeByAddressAcrossFormatsFillingEmptyFieldsOnly() throws IOException {
        importFile(fixture("broken-card-in-middle.vcf"));
        Views.Contact before = contact("grace@cobol.example.org");
        assertThat(before.title()).isNull();

        ContactImporter.Result r = importFile(fixture("outlook.csv"));

        assertThat(r.counts().get(MERGED)).isEqualTo(1);
        assertThat(r.counts().get(ADDRESSES_KNOWN)).isEqualTo(1);
        Views.Contact after = contact("grace.hopper@navy.example.mil");
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.emails()).containsExactlyInAnyOrder("grace@cobol.example.org", "grace.hopper@navy.example.mil");
        // The vCard's name was there, so the CSV's fuller one does not replace it; the empty title is filled.
        assertThat(after.name()).isEqualTo("Grace Hopper");
        assertThat(after.title()).isEqualTo("Rear Admiral");
        assertThat(after.phones()).containsExactly("+1 555 0100");
        assertThat(after.source()).isEqualTo("import:vcard");
    }

    @Test
    void anAddressOfAnotherContactIsNotTaken() throws IOException {
        importFile(fixture("two-cards-v30.vcf"));
        long charles = contact("charles@difference-engine.org").id();
        long ada = contact("ada@analytical-engines.co.uk").id();

        ContactImporter.Result r = importFile(write("both.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n"
                + "EMAIL:ada@analytical-engines.co.uk\r\nEMAIL:charles@difference-engine.org\r\nEND:VCARD\r\n"));

        assertThat(contact("charles@difference-engine.org").id()).isEqualTo(charles);
        assertThat(r.counts().get(ADDRESSES_OTHER_CONTACT)).isEqualTo(1);
        assertThat(issues(r)).singleElement().asString()
                .isEqualTo("both.vcf card 1 (line 1) charles@difference-engine.org: charles@difference-engine.org already"
                        + " belongs to contact #" + charles + " (Charles Babbage), not to #" + ada + " (ada@analytical-engines.co.uk)"
                        + " that this record merges into; left there: merge the two contacts if they are one person");
    }

    @Test
    void fieldsAPersonEditedAreNeverOverwritten() throws IOException {
        importFile(fixture("two-cards-v30.vcf"));
        long ada = contact("ada@analytical-engines.co.uk").id();
        // A person edits the contact in the web view / API, clearing the phones on purpose.
        TestServer.Response patched = server.patch("/api/v1/contacts/" + ada, server.adminToken(),
                "{\"name\":\"Ada King\",\"title\":\"Countess of Lovelace\",\"phones\":[]}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        ContactImporter.Result r = importFile(write("ada-again.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                + "FN:Augusta Ada Byron\r\nTITLE:Mathematician\r\nTEL;TYPE=CELL:+44 7700 900123\r\n"
                + "EMAIL:ada@analytical-engines.co.uk\r\nEMAIL:ada@byron.example.org\r\nEND:VCARD\r\n"));

        Views.Contact after = contact("ada@analytical-engines.co.uk");
        assertThat(after.name()).isEqualTo("Ada King");
        assertThat(after.title()).isEqualTo("Countess of Lovelace");
        assertThat(after.phones()).as("emptied by a person, so not refilled").isEmpty();
        // A new address is not an overwrite: it joins the contact.
        assertThat(after.emails()).contains("ada@byron.example.org");
        assertThat(r.counts().get(MERGED)).isEqualTo(1);
        assertThat(r.counts().get(FIELDS_KEPT_EDITED)).isEqualTo(3);
    }

    @Test
    void anOrganisationAPersonRemovedIsNotPutBack() throws IOException {
        importFile(fixture("two-cards-v30.vcf"));
        long ada = contact("ada@analytical-engines.co.uk").id();
        TestServer.Response patched = server.patch("/api/v1/contacts/" + ada, server.adminToken(), "{\"organizationId\":null}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);

        importFile(fixture("two-cards-v30.vcf"));

        assertThat(contact("ada@analytical-engines.co.uk").organization()).as("removed by a person, so not refilled").isNull();
    }

    @Test
    void runningTheSameImportAgainAddsNothing() throws IOException {
        ContactImporter.Result first = importFile(fixture("outlook.csv"));
        List<String> before = snapshot();
        long issuesBefore = app.importJobs().issueCount(first.job().id());
        // The same bytes under another name are the same import.
        Path copy = tmp.resolve("copy-of-outlook.csv");
        Files.copy(fixture("outlook.csv"), copy);

        ContactImporter.Result again = importFile(fixture("outlook.csv"));
        ContactImporter.Result copied = importFile(copy);

        assertThat(again.alreadyDone()).isTrue();
        assertThat(copied.alreadyDone()).isTrue();
        assertThat(again.job().id()).isEqualTo(first.job().id());
        assertThat(again.counts().asMap()).isEqualTo(first.counts().asMap());
        assertThat(snapshot()).isEqualTo(before);
        assertThat(app.importJobs().list(0, 100)).hasSize(1);
        assertThat(app.importJobs().issueCount(first.job().id())).isEqualTo(issuesBefore);
    }

    @Test
    void namedCardsWithoutAddressAreNotDuplicatedByAnotherExport() throws IOException {
        importFile(write("a.vcf", "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Hedy Lamarr\r\nEND:VCARD\r\n"));
        ContactImporter.Result r = importFile(write("b.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:hedy lamarr\r\n"
                + "TITLE:Inventor\r\nEND:VCARD\r\n"));

        assertThat(r.counts().get(MERGED)).isEqualTo(1);
        assertThat(snapshot()).containsExactly("Hedy Lamarr|Inventor|[]|[]|null|import:vcard");
    }

    @Test
    void aNamedCardWithoutAddressIsFoundAgainWrittenWithoutItsAccents() throws IOException {
        importFile(write("a.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:José Ørsted\r\nEND:VCARD\r\n"));
        ContactImporter.Result r = importFile(write("b.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:JOSE  ORSTED\r\n"
                + "TITLE:Engineer\r\nEND:VCARD\r\n"));

        assertThat(r.counts().get(MERGED)).isEqualTo(1);
        assertThat(snapshot()).containsExactly("José Ørsted|Engineer|[]|[]|null|import:vcard");
    }

    /** A vCard of {@code n} cards with some invalid and some repeated addresses, so every counter moves. */
    private Path bigFile(int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            String address = i % 50 == 0 ? "person" + i + "-at-nowhere"
                    : i % 60 == 0 ? "person" + (i - 1) + "@firm" + ((i - 1) % 7) + ".example.com"
                    : "person" + i + "@firm" + (i % 7) + ".example.com";
            sb.append("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person ").append(i).append("\r\nTITLE:Role ").append(i % 5)
                    .append("\r\nEMAIL:").append(address).append("\r\nEND:VCARD\r\n");
        }
        return write("big-" + n + ".vcf", sb.toString());
    }

    @Test
    void aCrashedImportResumesFromItsCheckpointAndEndsLikeAnUninterruptedOne() throws IOException {
        Path big = bigFile(450);
        // The reference: the same file imported without interruption into a second, fresh store.
        List<String> expected;
        ImportCounts expectedCounts;
        long expectedIssues;
        try (TestServer reference = TestServer.start()) {
            ContactImporter.Result r = reference.app().contactImporter().run(
                    new ContactImporter.Request(big, reference.admin().id(), null, null, null), ImportProgress.NONE);
            expectedCounts = r.counts();
            expectedIssues = reference.app().importJobs().issueCount(r.job().id());
            TestServer keep = server;
            server = reference;
            app = reference.app();
            expected = snapshot();
            server = keep;
            app = keep.app();
        }

        // The process "dies" right after the first batch of 200 records has committed.
        ImportProgress dying = new ImportProgress() {
            @Override
            public void start(String task, long total, long alreadyDone) {
            }

            @Override
            public void advance(long items) {
                throw new IllegalStateException("killed");
            }

            @Override
            public void note(String line) {
            }

            @Override
            public void close() {
            }
        };
        ContactImporter.Request request = new ContactImporter.Request(big, server.admin().id(), null, null, null);
        assertThatThrownBy(() -> app.contactImporter().run(request, dying)).hasMessage("killed");
        assertThat(app.importJobs().list(0, 1)).singleElement().satisfies(job -> {
            assertThat(job.processed()).isEqualTo(ContactImporter.DEFAULT_BATCH);
            assertThat(job.status()).isNotEqualTo("done");
        });
        // Cards 60, 120 and 180 repeat the address before them, so 200 records made 197 contacts.
        assertThat(snapshot()).hasSize(197);

        ContactImporter.Result resumed = app.contactImporter().run(request, ImportProgress.NONE);

        assertThat(resumed.resumedAfter()).isEqualTo(ContactImporter.DEFAULT_BATCH);
        assertThat(resumed.job().status()).isEqualTo("done");
        assertThat(resumed.job().processed()).isEqualTo(450);
        assertThat(resumed.counts().asMap()).isEqualTo(expectedCounts.asMap());
        assertThat(app.importJobs().issueCount(resumed.job().id())).isEqualTo(expectedIssues);
        assertThat(snapshot()).isEqualTo(expected);
        // The numbers add up: one outcome per record, one per e-mail value.
        assertThat(recordOutcomes(resumed.counts())).isEqualTo(450);
        assertThat(emailValues(resumed.counts())).isEqualTo(450);
        assertThat(resumed.counts().get(ADDRESSES_INVALID)).isEqualTo(9);
        // Multiples of 50 are invalid (9); multiples of 60 repeat the previous address, except 300 (invalid): 6.
        assertThat(resumed.counts().get(ADDRESSES_KNOWN)).isEqualTo(6);
    }

    @Test
    void aFileNobodyCanMapFailsBeforeAnyJobExists() throws IOException {
        Path f = write("crm.csv", "Kunde,Kontakt,Mail an\nACME,Wile E.,wile@acme.example.com\n");

        assertThatThrownBy(() -> importFile(f)).isInstanceOf(ContactImportException.class)
                .hasMessageContaining("--map").hasMessageContaining("Kunde, Kontakt, Mail an");
        assertThat(app.importJobs().list(0, 10)).isEmpty();

        Path map = write("crm.properties", "name = Kontakt\nemail = Mail an\norganization = Kunde\n");
        ContactImporter.Result r = app.contactImporter().run(
                new ContactImporter.Request(f, server.admin().id(), null, null, map), ImportProgress.NONE);
        assertThat(r.counts().get(CREATED)).isEqualTo(1);
        assertThat(contact("wile@acme.example.com").organization().name()).isEqualTo("ACME");
    }

    @Test
    void anUnmappableHeaderIsQuotedShortAndAHugeFirstLineIsNamed() throws IOException {
        String wide = java.util.stream.IntStream.range(0, 500).mapToObj(i -> "Spalte" + i + "x".repeat(300))
                .collect(java.util.stream.Collectors.joining(","));
        Path f = write("wide.csv", wide + "\n1,2,3\n");
        assertThatThrownBy(() -> importFile(f)).isInstanceOf(ContactImportException.class)
                .hasMessageContaining("Spalte0").hasMessageContaining("(500 columns)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(1500));

        Path huge = write("huge.csv", "a".repeat(3 << 20) + "\n");
        assertThatThrownBy(() -> importFile(huge)).isInstanceOf(ContactImportException.class)
                .hasMessageContaining("first line is longer than 1 MiB");
        assertThat(app.importJobs().list(0, 10)).isEmpty();
    }

    @Test
    void issuesAreKeptWithTheJob() throws IOException {
        ContactImporter.Result r = importFile(fixture("broken-row.csv"));
        List<ImportIssueRow> rows = app.importJobs().issues(r.job().id(), 0, 10);
        assertThat(rows).extracting(ImportIssueRow::jobId).containsOnly(r.job().id());
        assertThat(ImportCounts.fromJson(app.importJobs().find(r.job().id()).orElseThrow().counts()).asMap())
                .isEqualTo(r.counts().asMap());
    }
}
