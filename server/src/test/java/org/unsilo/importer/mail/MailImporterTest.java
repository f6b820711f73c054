package org.unsilo.importer.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.importer.ImportProgress;
import org.unsilo.store.ImportIssueRow;
import org.unsilo.store.ImportJobRow;
import org.unsilo.testing.TestServer;

/** The importer against a real server and SQLite file, on the hand-made fixtures in src/test/resources/mail/. */
class MailImporterTest {

    @TempDir
    Path tmp;

    private TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MailImporter importer(TestServer s) {
        return new MailImporter(s.app().captures(), s.app().users(), s.app().importJobs(), s.app().db());
    }

    private MailImportReport run(MailImportRequest r) {
        return importer(server).run(r, ImportProgress.NONE);
    }

    private long count(TestServer s, String sql) {
        return s.app().db().read(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private List<String> strings(TestServer s, String sql) {
        return s.app().db().read(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    /** What the database holds after an import, as numbers to compare between runs. */
    private Map<String, Long> state(TestServer s) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String table : List.of("app_user", "user_email", "message", "message_copy", "message_party", "contact",
                "contact_email", "organization", "relationship", "import_issue")) {
            m.put(table, count(s, "SELECT COUNT(*) FROM " + table));
        }
        m.put("relationship.messages", count(s, "SELECT COALESCE(SUM(message_count), 0) FROM relationship"));
        return m;
    }

    /** Message files in a CMU-style tree, counted here independently of the importer. */
    private static long messageFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("\\d+\\.")).count();
        }
    }

    @Test
    void ownersByFolderLearnsAddressesFoldsCopiesAndAccountsForEveryFile() throws Exception {
        Path cmu = Fixtures.copy("cmu", tmp);

        MailImportReport r = run(MailImportRequest.byFolder(cmu).withBatchSize(3));

        assertThat(r.outcome()).isEqualTo(MailImportReport.Outcome.DONE);
        assertThat(r.format()).isEqualTo(MailFormat.MAILDIR);
        long files = messageFiles(cmu);
        assertThat(files).isEqualTo(15);
        assertThat(r.count(MailImportReport.FILES_READ)).isEqualTo(files);
        assertThat(r.count(MailImportReport.MESSAGES_NEW) + r.count(MailImportReport.MESSAGES_DUPLICATE)
                + r.count(MailImportReport.SKIPPED)).isEqualTo(files);
        // Q3 gas is filed three times (alice's inbox, bob's _sent_mail and all_documents) with three Message-IDs, and
        // Alice's "Pipeline capacity" twice (sent and _sent_mail).
        assertThat(r.count(MailImportReport.MESSAGES_DUPLICATE)).isEqualTo(3);
        assertThat(r.count(MailImportReport.SKIPPED)).isEqualTo(1);
        assertThat(r.count("skipped.no sender")).isEqualTo(1);
        assertThat(count(server, "SELECT COUNT(*) FROM message")).isEqualTo(r.count(MailImportReport.MESSAGES_NEW)).isEqualTo(11);
        assertThat(r.ignoredFiles()).isEqualTo(1);

        // Learned: both of Alice's spellings (each dominates a sent folder), not her assistant (1 of 4 in sent_items).
        assertThat(r.owners()).extracting(MailImportReport.OwnerReport::folder).containsExactly("alice-a", "bob-b");
        var alice = server.app().users().findByEmail("alice.smith@acme-energy.com").orElseThrow();
        assertThat(alice.email()).as("the address she sent most from").isEqualTo("alice.smith@acme-energy.com");
        assertThat(alice.displayName()).isEqualTo("Alice Smith");
        assertThat(server.app().users().emailsOf(alice.id()))
                .containsExactlyInAnyOrder("alice.smith@acme-energy.com", "a..smith@acme-energy.com");
        var bob = server.app().users().findByEmail("bob.jones@acme-energy.com").orElseThrow();
        assertThat(bob.displayName()).isEqualTo("Bob Jones");
        assertThat(server.app().users().findByEmail("assistant.amy@acme-energy.com")).isEmpty();
        assertThat(r.count(MailImportReport.USERS_CREATED)).isEqualTo(2);
        assertThat(r.count(MailImportReport.ALIASES_LEARNED)).isEqualTo(3);

        // One message, two copy owners.
        long q3 = count(server, "SELECT id FROM message WHERE subject = 'Q3 gas'");
        List<Long> owners = server.app().db().read(h -> h.createQuery(
                "SELECT user_id FROM message_copy WHERE message_id = :id ORDER BY user_id").bind("id", q3).mapTo(Long.class).list());
        assertThat(owners).containsExactly(alice.id(), bob.id());
        // Messages Alice sent from her second address are hers.
        assertThat(count(server, "SELECT COUNT(*) FROM message_party WHERE role = 'from' AND address = 'a..smith@acme-energy.com'"
                + " AND user_id = " + alice.id())).isEqualTo(3);

        // External people only; the staff domain (and the assistant on it) never becomes a contact.
        assertThat(strings(server, "SELECT address FROM contact_email ORDER BY address"))
                .containsExactly("carol@partner.co.uk", "dave@gmail.com", "erin@bp.com", "frank@bp.com");
        assertThat(strings(server, "SELECT domain FROM organization ORDER BY domain")).containsExactly("bp.com", "partner.co.uk");
        assertThat(strings(server, "SELECT display_name FROM contact c JOIN contact_email e ON e.contact_id = c.id"
                + " WHERE e.address = 'frank@bp.com'")).containsExactly("Frank Wu");
        assertThat(r.count(MailImportReport.CONTACTS_CREATED)).isEqualTo(4);
        assertThat(r.count(MailImportReport.ORGANIZATIONS_CREATED)).isEqualTo(2);

        // The skipped file is reported with its path and reason, on the job.
        assertThat(r.firstIssues()).singleElement().satisfies(i -> {
            assertThat(i.item()).isEqualTo("alice-a/inbox/3.");
            assertThat(i.reason()).startsWith("no sender: ").contains("no From header");
        });
        ImportJobRow job = server.app().importJobs().find(r.jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo("done");
        assertThat(job.processed()).isEqualTo(files);
        assertThat(job.counts()).contains("\"messagesNew\":11");

        // Again: nothing read, nothing added, and it says so.
        Map<String, Long> before = state(server);
        MailImportReport again = run(MailImportRequest.byFolder(cmu).withBatchSize(3));
        assertThat(again.outcome()).isEqualTo(MailImportReport.Outcome.ALREADY_DONE);
        assertThat(again.jobId()).isEqualTo(r.jobId());
        assertThat(again.processedNow()).isZero();
        assertThat(again.counts()).isEqualTo(r.counts());
        assertThat(state(server)).isEqualTo(before);
    }

    @Test
    void resumingAfterAStopEndsExactlyLikeAnUninterruptedRun() {
        Path cmu = Fixtures.copy("cmu", tmp);
        MailImportRequest request = MailImportRequest.byFolder(cmu).withBatchSize(2);

        MailImportReport first = run(request.withStopAfterBatches(2));
        assertThat(first.outcome()).isEqualTo(MailImportReport.Outcome.STOPPED);
        assertThat(first.processedNow()).isEqualTo(4);
        ImportJobRow job = server.app().importJobs().find(first.jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo("running");
        // Items 1-4 are alice-a/_sent_mail/1. and alice-a/inbox/1.-3.
        assertThat(Checkpoint.fromJson(job.checkpoint())).isEqualTo(new Checkpoint(4, "alice-a/inbox/3.", -1));

        MailImportReport second = run(request.withStopAfterBatches(3));
        assertThat(second.outcome()).isEqualTo(MailImportReport.Outcome.STOPPED);
        assertThat(second.processedBefore()).isEqualTo(4);
        MailImportReport last = run(request);
        assertThat(last.outcome()).isEqualTo(MailImportReport.Outcome.DONE);
        assertThat(last.processedBefore()).isEqualTo(10);
        assertThat(last.processedNow()).isEqualTo(5);

        try (TestServer fresh = TestServer.start()) {
            MailImportReport whole = importer(fresh).run(request, ImportProgress.NONE);
            assertThat(whole.processedNow()).isEqualTo(15);
            assertThat(last.counts()).isEqualTo(whole.counts());
            assertThat(state(server)).isEqualTo(state(fresh));
            assertThat(issues(server, last.jobId())).isEqualTo(issues(fresh, whole.jobId()));
        }
    }

    @Test
    void aCrashWhileMakingStaffAccountsResumesWithTheSameTotals() {
        Path cmu = Fixtures.copy("cmu", tmp);
        MailImportRequest request = MailImportRequest.byFolder(cmu).withBatchSize(2);
        MailImportReport first = run(request.withStopAfterBatches(1));
        assertThat(first.outcome()).isEqualTo(MailImportReport.Outcome.STOPPED);
        // As if the process died after making Alice's account and before Bob's (the first batch is Alice's mail only).
        long bob = server.app().users().findByEmail("bob.jones@acme-energy.com").orElseThrow().id();
        server.app().db().write(h -> {
            h.execute("DELETE FROM user_email WHERE user_id = ?", bob);
            return h.execute("DELETE FROM app_user WHERE id = ?", bob);
        });

        MailImportReport last = run(request);

        assertThat(last.outcome()).isEqualTo(MailImportReport.Outcome.DONE);
        assertThat(last.owners()).filteredOn(MailImportReport.OwnerReport::created)
                .extracting(MailImportReport.OwnerReport::folder).containsExactly("bob-b");
        try (TestServer fresh = TestServer.start()) {
            MailImportReport whole = importer(fresh).run(request, ImportProgress.NONE);
            assertThat(last.counts()).isEqualTo(whole.counts());
            assertThat(last.count(MailImportReport.USERS_CREATED)).isEqualTo(2);
            assertThat(state(server)).isEqualTo(state(fresh));
        }
    }

    private static List<String> issues(TestServer s, long jobId) {
        List<String> out = new ArrayList<>();
        for (ImportIssueRow i : s.app().importJobs().issues(jobId, 0, 1000)) {
            out.add(i.item() + " | " + i.reason());
        }
        return out;
    }

    @Test
    void mboxResumesInsideTheFileAtTheCheckpointOffset() {
        server.member("owner@acme-energy.com", "Olive Owner");
        Path mbox = Fixtures.copy("mbox/archive.mbox", tmp);
        MailImportRequest request = MailImportRequest.forOwner(mbox, "owner@acme-energy.com").withBatchSize(1);

        MailImportReport first = run(request.withStopAfterBatches(1));
        assertThat(first.format()).isEqualTo(MailFormat.MBOX);
        Checkpoint cp = Checkpoint.fromJson(server.app().importJobs().find(first.jobId()).orElseThrow().checkpoint());
        assertThat(cp.next()).isEqualTo(1);
        assertThat(cp.file()).isEqualTo("archive.mbox");
        assertThat(cp.offset()).isPositive();

        MailImportReport rest = run(request);
        assertThat(rest.outcome()).isEqualTo(MailImportReport.Outcome.DONE);
        assertThat(rest.processedNow()).isEqualTo(2);
        assertThat(rest.count(MailImportReport.MESSAGES_NEW)).isEqualTo(3);
        assertThat(rest.count(MailImportReport.FILES_READ)).isEqualTo(1);
        assertThat(strings(server, "SELECT subject FROM message ORDER BY sent_at")).containsExactly("first", "second", "third");
        // The mboxrd quoting is undone (MboxReaderTest checks the exact bytes), and the message was not split at the
        // "From " line that follows a non-empty line.
        assertThat(strings(server, "SELECT snippet FROM message WHERE subject = 'first'")).singleElement().asString()
                .startsWith("Hello From the start of this line, it was quoted.").contains("From here on no blank line");
    }

    @Test
    void maildirPlusPlusWithOneOwnerIgnoresTmpAndIndexFiles() {
        server.member("owner@acme-energy.com", "Olive Owner");
        Path box = Fixtures.copy("maildirpp", tmp);

        MailImportReport r = run(MailImportRequest.forOwner(box, "owner@acme-energy.com"));

        assertThat(r.format()).isEqualTo(MailFormat.MAILDIR);
        assertThat(r.count(MailImportReport.MESSAGES_NEW)).isEqualTo(3);
        assertThat(r.count(MailImportReport.SKIPPED)).isZero();
        assertThat(r.ignoredFiles()).isEqualTo(3);
        assertThat(strings(server, "SELECT subject FROM message ORDER BY sent_at"))
                .containsExactly("Compilers", "Unread", "RE: Compilers");
        assertThat(strings(server, "SELECT address FROM contact_email ORDER BY address"))
                .containsExactly("grace@navy.mil", "heidi@example.org");
    }

    @Test
    void emlFolderAndASingleEmlFile() {
        server.member("owner@acme-energy.com", "Olive Owner");
        Path eml = Fixtures.copy("eml", tmp);

        MailImportReport r = run(MailImportRequest.forOwner(eml, "owner@acme-energy.com"));
        assertThat(r.format()).isEqualTo(MailFormat.EML);
        assertThat(r.count(MailImportReport.FILES_READ)).isEqualTo(5);
        assertThat(r.count(MailImportReport.MESSAGES_NEW)).isEqualTo(4);
        assertThat(r.count(MailImportReport.SKIPPED)).isEqualTo(1);
        assertThat(r.firstIssues()).extracting(ImportIssueRow::item).containsExactly("malformed.eml");
        assertThat(strings(server, "SELECT subject FROM message WHERE internet_message_id = '<enc1@example.de>'"))
                .containsExactly("Überweisung für Jörg");
        assertThat(strings(server, "SELECT snippet FROM message WHERE internet_message_id = '<bad1@example.fr>'"))
                .containsExactly("Café crème, s'il vous plaît.");
        assertThat(strings(server, "SELECT display_name FROM contact c JOIN contact_email e ON e.contact_id = c.id"
                + " WHERE e.address = 'joerg@example.de'")).containsExactly("Jörg Müller");

        // One file on its own is its own import; the message is already there, so it is a folded duplicate.
        MailImportReport single = run(MailImportRequest.forOwner(eml.resolve("encoded.eml"), "owner@acme-energy.com"));
        assertThat(single.jobId()).isNotEqualTo(r.jobId());
        assertThat(single.count(MailImportReport.MESSAGES_DUPLICATE)).isEqualTo(1);
        assertThat(single.count(MailImportReport.MESSAGES_NEW)).isZero();
    }

    @Test
    void explicitFormatReadsFilesWhoseNamesSayNothing() {
        server.member("owner@acme-energy.com", "Olive Owner");
        Path plain = Fixtures.copy("plain", tmp);

        assertThatThrownBy(() -> run(MailImportRequest.forOwner(plain, "owner@acme-energy.com")))
                .isInstanceOf(MailImportException.class).hasMessageContaining("cannot tell the format").hasMessageContaining("--format");
        MailImportReport r = run(MailImportRequest.forOwner(plain, "owner@acme-energy.com").withFormat(MailFormat.EML));
        assertThat(r.count(MailImportReport.MESSAGES_NEW)).isEqualTo(1);
    }

    @Test
    void clearErrorsForAnUnknownOwnerAMissingPathAndAMailboxNobodySentFrom() throws Exception {
        Path cmu = Fixtures.copy("cmu", tmp);
        assertThatThrownBy(() -> run(MailImportRequest.forOwner(cmu, "nobody@acme-energy.com")))
                .isInstanceOf(MailImportException.class).hasMessageContaining("no staff account with address nobody@acme-energy.com");
        assertThatThrownBy(() -> run(MailImportRequest.byFolder(tmp.resolve("missing"))))
                .isInstanceOf(MailImportException.class).hasMessageContaining("no such file or folder");

        Path inboxOnly = tmp.resolve("inbox-only");
        Files.createDirectories(inboxOnly.resolve("carl-c/inbox"));
        Files.copy(cmu.resolve("alice-a/inbox/1."), inboxOnly.resolve("carl-c/inbox/1."));
        assertThatThrownBy(() -> run(MailImportRequest.byFolder(inboxOnly)))
                .isInstanceOf(MailImportException.class).hasMessageContaining("carl-c (no sent folder)")
                .hasMessageContaining("--owner-map");
        assertThat(count(server, "SELECT COUNT(*) FROM message")).isZero();

        Path map = tmp.resolve("owners.txt");
        Files.writeString(map, "# who is who\ncarl-c = carl@acme-energy.com, c.carlsen@acme-energy.com\n");
        MailImportReport r = run(MailImportRequest.byFolder(inboxOnly).withOwnerMap(map));
        assertThat(r.count(MailImportReport.MESSAGES_NEW)).isEqualTo(1);
        var carl = server.app().users().findByEmail("c.carlsen@acme-energy.com").orElseThrow();
        assertThat(carl.email()).isEqualTo("carl@acme-energy.com");
        assertThat(count(server, "SELECT COUNT(*) FROM message_copy WHERE user_id = " + carl.id())).isEqualTo(1);
    }

    @Test
    void anAccountThatExistsIsReusedAndItsAliasesCompleted() {
        Path cmu = Fixtures.copy("cmu", tmp);
        server.member("a..smith@acme-energy.com", "Alice S.");

        MailImportReport r = run(MailImportRequest.byFolder(cmu));

        var alice = server.app().users().findByEmail("alice.smith@acme-energy.com").orElseThrow();
        assertThat(alice.email()).isEqualTo("a..smith@acme-energy.com");
        assertThat(alice.displayName()).isEqualTo("Alice S.");
        assertThat(r.count(MailImportReport.USERS_CREATED)).isEqualTo(1);
        assertThat(r.owners().get(0).created()).isFalse();
    }
}
