package org.unsilo.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.contacts.ContactImporter;
import org.unsilo.importer.mail.MailImportRequest;
import org.unsilo.importer.mail.MailImporter;
import org.unsilo.store.ContactDao;
import org.unsilo.testing.CaptureJson;
import org.unsilo.testing.TestClock;
import org.unsilo.testing.TestServer;
import org.unsilo.testing.WebClient;

/**
 * The dashboard's "updated in the last 30 days" and "stale" (DESIGN.md §6) right after old mail comes in: contacts
 * taken from years-old messages are as old as those messages, whenever they are stored. A person's edit, an address
 * book or newer mail that adds something makes one current again.
 */
class ContactFreshnessTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");
    private static final Instant YEAR_2001 = Instant.parse("2001-05-14T09:30:00Z");

    @TempDir
    Path tmp;

    private final TestClock clock = new TestClock(NOW);
    private TestServer server;
    private TestServer.Staff alice;
    private WebClient web;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of(), clock);
        alice = server.staff("alice@unsilo.test", "Alice");
        web = server.signedInAdmin(PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void oldMailImportedOrCapturedTodayIsStaleUntilSomeoneEditsOrWrites() throws IOException {
        Path mailbox = Files.createDirectories(tmp.resolve("mailbox"));
        eml(mailbox, "1.eml", "Alice <alice@unsilo.test>", "\"Old One\" <old1@client.example>", YEAR_2001, "Volumes", "See attached.");
        // The signature of 2001 fills Old Two's title and phones: information of 2001 too.
        eml(mailbox, "2.eml", "\"Old Two\" <old2@client.example>", "alice@unsilo.test", YEAR_2001.plus(Duration.ofDays(3)),
                "Re: Volumes", """
                Thanks, looks right.

                Regards,
                Old Two
                Vice President, Gas Origination
                Client Energy, L.P.
                Tel: (713) 555-0142
                """);
        eml(mailbox, "3.eml", "Alice <alice@unsilo.test>", "old4@client.example", YEAR_2001.plus(Duration.ofDays(5)),
                "Meeting", "Tuesday?");
        importMail(mailbox);
        // The add-in or a sync storing a message of 2003 today.
        capture(CaptureJson.from("alice@unsilo.test").to("old3@client.example").sentAt(Instant.parse("2003-01-20T10:00:00Z")));
        assertThat(server.get("/api/v1/contacts/" + contactId("old2@client.example"), alice.token()).json().path("title").asText())
                .isEqualTo("Vice President, Gas Origination");

        assertFigures(4, 0, 4);
        assertThat(web.get("/").body()).contains("A contact taken from mail is as old as that mail");

        // An old message that names Old Four still says nothing newer than 2005.
        capture(CaptureJson.from("\"Old Four\" <old4@client.example>").to("alice@unsilo.test")
                .sentAt(Instant.parse("2005-06-01T08:00:00Z")).subject("Tuesday"));
        assertThat(name("old4@client.example")).isEqualTo("Old Four");
        assertFigures(4, 0, 4);

        // A person edits Old One: updated now, no longer stale.
        assertThat(server.patch("/api/v1/contacts/" + contactId("old1@client.example"), alice.token(),
                "{\"title\": \"Trader\"}").status()).isEqualTo(200);
        assertFigures(4, 1, 3);

        // Yesterday's mail from Old Three names them: updated by what it brought, and in touch.
        capture(CaptureJson.from("\"Old Three\" <old3@client.example>").to("alice@unsilo.test")
                .sentAt(NOW.minus(Duration.ofDays(1))).subject("Catching up"));
        assertFigures(4, 2, 2);

        // Yesterday's mail to Old Two adds nothing to the record: not updated, but in touch, so not stale.
        capture(CaptureJson.from("alice@unsilo.test").to("old2@client.example").sentAt(NOW.minus(Duration.ofDays(1)))
                .subject("Still there?"));
        assertFigures(4, 2, 1);

        // An address book that gives Old Four a title is an update of today.
        Path card = tmp.resolve("old4.vcf");
        Files.writeString(card, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Old Four\r\nTITLE:Buyer\r\nEMAIL:old4@client.example\r\n"
                + "END:VCARD\r\n", StandardCharsets.UTF_8);
        server.app().contactImporter().run(new ContactImporter.Request(card, alice.id(), null, null, null), ImportProgress.NONE);
        assertFigures(4, 3, 0);

        // The API's updatedAt stays when the row last changed (what a client polling for changes compares).
        assertThat(server.get("/api/v1/contacts/" + contactId("old4@client.example"), alice.token()).json()
                .path("updatedAt").asText()).isEqualTo(NOW.toString());
    }

    @Test
    void aMessageDatedInTheFutureMakesAContactNoNewerThanItsImport() throws IOException {
        // A sender whose clock was years ahead: the mail is stored today, so that is when its information dates from.
        Path mailbox = Files.createDirectories(tmp.resolve("mailbox"));
        eml(mailbox, "1.eml", "\"Ahead\" <ahead@client.example>", "alice@unsilo.test", NOW.plus(Duration.ofDays(400)),
                "Offer", "Our best offer.");
        importMail(mailbox);
        assertFigures(1, 1, 0);

        clock.advance(Duration.ofDays(31));
        Adoption.Report report = new Adoption(server.app().db(), clock).report(30, 0);
        assertThat(report.contactsUpdated30d()).as("updated in the last 30 days").isZero();
    }

    @Test
    void aMergedContactIsAsNewAsTheNewestOfTheContactsMergedIntoIt() {
        // The same person twice, both named and at free-mail addresses, so that the merge fills nothing in.
        capture(CaptureJson.from("\"Tom Archer\" <tom.archer@gmail.com>").to("alice@unsilo.test").sentAt(YEAR_2001));
        Instant recent = NOW.minus(Duration.ofDays(10));
        capture(CaptureJson.from("\"Tom Archer\" <tarcher@yahoo.com>").to("alice@unsilo.test").sentAt(recent));
        capture(CaptureJson.from("\"Tom Archer\" <t.archer@hotmail.com>").to("alice@unsilo.test")
                .sentAt(Instant.parse("2003-01-20T10:00:00Z")));
        long old = contactId("tom.archer@gmail.com");
        long newer = contactId("tarcher@yahoo.com");
        assertFigures(3, 1, 2);

        WebClient.Page merged = web.post("/duplicates/merge", Map.of("target", Long.toString(old), "source", Long.toString(newer)));
        assertThat(merged.status()).as(merged.body()).isEqualTo(303);
        assertThat(infoAt(old)).as("the target took the merged contact's newer date").isEqualTo(recent.toString());
        assertFigures(2, 1, 1);

        // An older contact merged in later leaves it as new as it is.
        TestServer.Response again = server.post("/api/v1/contacts/" + old + "/merge", alice.token(),
                "{\"contactIds\": [" + contactId("t.archer@hotmail.com") + "]}");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("infoAt").asText()).isEqualTo(recent.toString());
        assertFigures(1, 1, 0);

        // Undone, the contact merged first comes back as new as it was.
        String mergeIds = merged.location().replaceAll(".*merged=", "");
        assertThat(web.postAll("/contacts/merges/undo", "merge", List.of(mergeIds.split(","))).status()).isEqualTo(303);
        assertThat(infoAt(newer)).isEqualTo(recent.toString());
        assertFigures(2, 1, 1);
    }

    @Test
    void undoingAMergeGivesTheKeptContactBackItsDateUnlessSomethingMovedItSince() {
        capture(CaptureJson.from("\"Ann Baker\" <ann.baker@gmail.com>").to("alice@unsilo.test").sentAt(YEAR_2001));
        Instant recent = NOW.minus(Duration.ofDays(10));
        capture(CaptureJson.from("\"Ann Baker\" <abaker@yahoo.com>").to("alice@unsilo.test").sentAt(recent));
        Instant year2003 = Instant.parse("2003-01-20T10:00:00Z");
        capture(CaptureJson.from("\"Ann Baker\" <a.baker@hotmail.com>").to("alice@unsilo.test").sentAt(year2003));
        long old = contactId("ann.baker@gmail.com");
        long newer = contactId("abaker@yahoo.com");
        long older = contactId("a.baker@hotmail.com");
        List<Long> mergeIds = server.app().contacts().mergeUndoable(alice.id(), old, List.of(newer, older)).orElseThrow()
                .mergeIds();
        assertThat(infoAt(old)).isEqualTo(recent.toString());
        assertFigures(1, 1, 0);

        // The newer contact taken out again: the kept one is as new as the contact still merged into it.
        undo(mergeIds.get(0));
        assertThat(infoAt(old)).isEqualTo(year2003.toString());
        assertFigures(2, 1, 1);
        // And once that one is out too, as old as before the merge.
        undo(mergeIds.get(1));
        assertThat(infoAt(old)).isEqualTo(YEAR_2001.toString());
        assertFigures(3, 1, 2);

        // A colleague's edit after a merge is newer information than the merge gave: undoing the merge keeps it.
        long again = server.app().contacts().mergeUndoable(alice.id(), old, List.of(newer)).orElseThrow().mergeIds().get(0);
        clock.advance(Duration.ofMinutes(5));
        assertThat(server.patch("/api/v1/contacts/" + old, alice.token(), "{\"title\": \"Buyer\"}").status()).isEqualTo(200);
        undo(again);
        assertThat(infoAt(old)).isEqualTo(NOW.plus(Duration.ofMinutes(5)).toString());
    }

    @Test
    void undoingAMergeKeepsTheDateOfWhatMailAddedSinceThoughThatMailIsOlderThanTheMergedContact() {
        // Ann has no name under either address, so the merge fills nothing in.
        capture(CaptureJson.from("alice@unsilo.test").to("ann.baker@gmail.com").sentAt(YEAR_2001));
        Instant recent = NOW.minus(Duration.ofDays(10));
        capture(CaptureJson.from("alice@unsilo.test").to("abaker@yahoo.com").sentAt(recent));
        long old = contactId("ann.baker@gmail.com");
        long newer = contactId("abaker@yahoo.com");
        long merge = server.app().contacts().mergeUndoable(alice.id(), old, List.of(newer)).orElseThrow().mergeIds().get(0);
        assertThat(infoAt(old)).isEqualTo(recent.toString());

        // Mail of 2003 stored after the merge names her: older than the date the merge gave, so that date stays.
        Instant year2003 = Instant.parse("2003-01-20T10:00:00Z");
        capture(CaptureJson.from("\"Ann Baker\" <ann.baker@gmail.com>").to("alice@unsilo.test").sentAt(year2003));
        assertThat(name("ann.baker@gmail.com")).isEqualTo("Ann Baker");
        assertThat(infoAt(old)).isEqualTo(recent.toString());
        assertFigures(1, 1, 0);
        // Undone, the kept contact still has that name: as new as the mail it came from, not as old as before the merge.
        undo(merge);
        assertThat(infoAt(old)).isEqualTo(year2003.toString());
        assertFigures(2, 1, 1);

        // A signature's title, from mail of 2004 sent from the address the undo gives back: the message goes back with
        // the address, the title stays on the kept contact, and so does its date.
        long again = server.app().contacts().mergeUndoable(alice.id(), old, List.of(newer)).orElseThrow().mergeIds().get(0);
        Instant year2004 = Instant.parse("2004-02-10T10:00:00Z");
        capture(CaptureJson.from("\"Ann Baker\" <abaker@yahoo.com>").to("alice@unsilo.test").sentAt(year2004)
                .subject("Volumes").body("""
                        Thanks, looks right.

                        Regards,
                        Ann Baker
                        Vice President, Gas Origination
                        Tel: (713) 555-0142
                        """));
        assertThat(server.get("/api/v1/contacts/" + old, alice.token()).json().path("title").asText())
                .isEqualTo("Vice President, Gas Origination");
        assertThat(infoAt(old)).isEqualTo(recent.toString());
        undo(again);
        assertThat(infoAt(old)).isEqualTo(year2004.toString());
        assertThat(infoAt(newer)).isEqualTo(recent.toString());
        assertFigures(2, 1, 1);
    }

    private void undo(long mergeId) {
        WebClient.Page undone = web.postAll("/contacts/merges/undo", "merge", List.of(Long.toString(mergeId)));
        assertThat(undone.status()).as(undone.body()).isEqualTo(303);
    }

    private String infoAt(long contactId) {
        return server.get("/api/v1/contacts/" + contactId, alice.token()).json().path("infoAt").asText();
    }

    /** Contacts, updated in the last 30 days and stale, on the dashboard and in the report behind it. */
    private void assertFigures(long contacts, long updated, long stale) {
        Adoption.Report report = new Adoption(server.app().db(), clock).report(30, 0);
        assertThat(new long[] {report.contacts(), report.contactsUpdated30d(), report.staleContacts()})
                .as("contacts, updated in 30 days, stale").containsExactly(contacts, updated, stale);
        WebClient.Page page = web.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<dt>Contacts</dt><dd>" + contacts + "</dd>")
                .containsPattern("<dt>Updated in the last 30 days[^<]*</dt><dd>" + updated + "</dd>")
                .containsPattern("<dt>Stale [^<]*</dt><dd>" + stale + "</dd>");
    }

    private void importMail(Path mailbox) {
        new MailImporter(server.app().captures(), server.app().users(), server.app().importJobs(), server.app().db())
                .run(MailImportRequest.forOwner(mailbox, "alice@unsilo.test"), ImportProgress.NONE);
    }

    private void capture(CaptureJson c) {
        TestServer.Response r = server.capture(alice.token(), c);
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private long contactId(String address) {
        return server.app().db().read(h -> h.attach(ContactDao.class).idByAddress(address))
                .orElseThrow(() -> new AssertionError("no contact has " + address));
    }

    private String name(String address) {
        return server.get("/api/v1/contacts/" + contactId(address), alice.token()).json().path("name").asText();
    }

    private static void eml(Path dir, String file, String from, String to, Instant date, String subject, String body)
            throws IOException {
        String text = "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC)) + "\r\n"
                + "Message-ID: <" + file + "." + date.toEpochMilli() + "@client.example>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body.replace("\n", "\r\n");
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
    }
}
