package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.unsilo.importer.contacts.ContactCounts.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unsilo.App;
import org.unsilo.common.Search;
import org.unsilo.config.ConfigLoader;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.Views;
import org.unsilo.importer.ImportCounts;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.contacts.ContactImporter;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ImportIssueRow;
import org.unsilo.store.UserRow;

/**
 * Every real address-book export in {@code ../shared/data/contacts/} (vCard 2.1/3.0/4.0 from Outlook,
 * Gmail, iOS, Android, Evolution...; CSV from Outlook, Google, Thunderbird, Yahoo, Windows Live Mail...)
 * is imported into a fresh store. Each must yield the contacts and e-mail values its {@code SOURCES.md}
 * counts, or report exactly which record or address could not be used and why.
 *
 * <p>The table below copies the "contacts" and "e-mails" columns of {@code SOURCES.md} (third-party
 * documentation of the files, not numbers from our runs). A "contact" there is a card or data row, so it
 * is a record here: created, merged, unchanged, or skipped with an issue. An "e-mail" is a non-empty
 * e-mail value: stored on a contact, or reported (invalid, internal...).
 */
@Tag("acceptance")
class ContactExportsAcceptanceTest {

    /** One export: where it is, what SOURCES.md counts, and what may be reported (item after the file name -> reason). */
    record Export(String path, int contacts, int emails, Map<String, String> issues, Map<String, String> names) {
        @Override
        public String toString() {
            return path;
        }
    }

    private static Export e(String path, int contacts, int emails) {
        return new Export(path, contacts, emails, Map.of(), Map.of());
    }

    private static final List<Export> EXPORTS = List.of(
            // vCard
            new Export("vcard/cardme-John_Doe_ANDROID.vcf", 6, 5,
                    // "an EMAIL value that is QP-encoded non-ASCII (not a valid address)"
                    Map.of("card 5 (line 36) EMAIL 2", "invalid address \"ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ\""),
                    // "CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE non-ASCII values (Ñ)"; cards with no N/FN
                    Map.of("henry@company.com", "ÑÑÑÑ", "bob@company.com", "Ñ Ñ Ñ Ñ")),
            e("vcard/cardme-John_Doe_BLACK_BERRY.vcf", 1, 0),
            new Export("vcard/cardme-John_Doe_EVOLUTION.vcf", 1, 1, Map.of(),
                    // "escaped \, and \; in N, FN"; "folds in the middle of e-mail"
                    Map.of("john.doe@ibm.com", "Mr. John Richter, James Doe Sr.")),
            e("vcard/cardme-John_Doe_IPHONE.vcf", 1, 1),
            e("vcard/cardme-John_Doe_MAC_ADDRESS_BOOK.vcf", 1, 1),
            e("vcard/ezvcard-outlook-2003.vcf", 1, 1),
            e("vcard/ezvcard-outlook-2007.vcf", 1, 1),
            e("vcard/ezvcard-gmail-single2.vcf", 1, 5),
            e("vcard/ezvcard-thunderbird-MoreFunctionsForAddressBook-extension.vcf", 1, 5),
            e("vcard/ezvcard-fullcontact.vcf", 1, 5),
            new Export("vcard/ezvcard-issue114-nextcloud.vcf", 1, 1, Map.of(),
                    Map.of("dummy.dummy@dummy.com", "Dummy, Dummy")),
            new Export("vcard/roundcube-apple.vcf", 1, 0,
                    // "empty N (N:;;;;) for an organisation card"
                    Map.of("card 1 (line 1)", "organisation's card without an e-mail address"), Map.of()),
            new Export("vcard/roundcube-thebat.vcf", 1, 1, Map.of(),
                    // "=F1 is an 8-bit legacy charset, so the charset has to be guessed": no U+FFFD at least
                    Map.of("piotr.iksinski@somedomain.com", "Piotr Iksiñski")),
            e("vcard/roundcube-utf-16_sample.vcf", 1, 0),
            new Export("vcard/fkvcards-LabelIssue.vcf", 1, 1, Map.of(),
                    Map.of("wimmel@wurstdarm.de", "Rudi Wimmel")),
            // CSV
            new Export("csv/fkcontactsio-Google.csv", 1, 11,
                    // "one invalid address with a space (business 3@golker.de)"
                    Map.of("record 1 (line 2) column 'E-mail 4 - Value' value 3", "invalid address \"business 3@golker.de\""),
                    Map.of()),
            e("csv/fkcontactsio-GoogleCreatedOutlook.csv", 1, 3),
            e("csv/fkcontactsio-Outlook365.csv", 6, 8),
            e("csv/fkcontactsio-Outlook365_Web.csv", 1, 3),
            e("csv/fkcontactsio-ThunderbirdAnsi.csv", 1, 2),
            e("csv/fkcontactsio-ThunderbirdUtf8.csv", 1, 2),
            e("csv/fkcontactsio-WindowsLiveMail.csv", 1, 1),
            e("csv/horde-Outlook.csv", 1, 1),
            e("csv/horde-bug_6311.csv", 1, 1),
            new Export("csv/horde-bug_6370.csv", 1, 0,
                    // "a contact with no name and no e-mail"
                    Map.of("record 1 (line 2)", "no name and no usable e-mail address"), Map.of()),
            e("csv/horde-WAB.csv", 1, 1),
            e("csv/horde-Yahoo.csv", 1, 1),
            e("csv/horde-KMail.csv", 1, 1),
            e("csv/horde-Thunderbird.csv", 1, 1),
            e("csv/horde-Gmail.csv", 2, 4),
            e("csv/roundcube-gmail.csv", 1, 4),
            e("csv/roundcube-tb_plain.csv", 1, 2));

    static Stream<Export> exports() {
        return EXPORTS.stream();
    }

    /**
     * {@code ../shared/data/contacts} from the {@code unsilo.shared} system property (set by the POM). A
     * missing folder fails the test and names the path: the acceptance suite never passes by skipping.
     */
    private static Path contactsFolder() {
        String configured = System.getProperty("unsilo.shared");
        if (configured == null || configured.isBlank()) {
            fail("system property unsilo.shared is not set; run through Maven (mvn -B verify -Pacceptance), which points"
                    + " it at ../shared beside the repository root, or pass -Dunsilo.shared=/path/to/shared");
        }
        Path folder = Path.of(configured).toAbsolutePath().normalize().resolve("data").resolve("contacts");
        if (!Files.isDirectory(folder)) {
            fail("the contact exports are missing: " + folder + " does not exist (../shared/data/contacts beside the"
                    + " repository root; or pass -Dunsilo.shared=/path/to/shared)");
        }
        return folder;
    }

    @Test
    void theTableCoversEveryExportInTheFolder() throws IOException {
        Path folder = contactsFolder();
        TreeSet<String> onDisk = new TreeSet<>();
        for (String sub : List.of("vcard", "csv")) {
            Path dir = folder.resolve(sub);
            assertThat(dir).as("folder of exports").isDirectory();
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).forEach(f -> onDisk.add(sub + "/" + f.getFileName()));
            }
        }
        assertThat(onDisk).as("exports in %s", folder)
                .isEqualTo(EXPORTS.stream().map(Export::path).collect(Collectors.toCollection(TreeSet::new)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exports")
    void importsWhatSourcesMdCountsOrSaysWhyNot(Export export, @TempDir Path dataDir) throws IOException {
        Path file = contactsFolder().resolve(export.path());
        assertThat(file).as("export listed in SOURCES.md").isRegularFile();
        try (App app = new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dataDir.toString())),
                Clock.systemUTC())) {
            UserRow owner = app.users().create(null, "owner@unsilo.test", "Olive Owner", "admin");

            ContactImporter.Result r = app.contactImporter().run(
                    new ContactImporter.Request(file, owner.id(), null, null, null), ImportProgress.NONE);

            ImportCounts c = r.counts();
            String fileName = file.getFileName().toString();
            List<ImportIssueRow> issueRows = app.importJobs().issues(r.job().id(), 0, 1000);
            String context = export.path() + " read as " + r.description() + "; counts " + c.asMap() + "; issues "
                    + issueRows.stream().map(i -> i.item() + ": " + i.reason()).toList();

            assertThat(r.job().status()).as(context).isEqualTo("done");
            // Contacts: every card/row read, each with one outcome.
            assertThat(c.get(RECORDS)).as("records read: " + context).isEqualTo(export.contacts());
            assertThat(recordOutcomes(c)).as("record outcomes: " + context).isEqualTo(export.contacts());
            // E-mails: every value stored on a contact or reported.
            assertThat(emailValues(c)).as("e-mail values: " + context).isEqualTo(export.emails());
            long reportedAddresses = c.get(ADDRESSES_INVALID) + c.get(ADDRESSES_INTERNAL) + c.get(ADDRESSES_BLOCKED)
                    + c.get(ADDRESSES_AUTOMATED) + c.get(ADDRESSES_OTHER_CONTACT);
            assertThat(c.get(ADDRESSES_ADDED) + c.get(ADDRESSES_KNOWN) + c.get(ADDRESSES_REPEATED) + reportedAddresses)
                    .as(context).isEqualTo(export.emails());

            // What is in the store is what the counts say (a fresh store per file).
            List<Views.Contact> stored = app.contacts().search(Search.ALL, 0, NameCursor.FIRST, 10_000);
            assertThat(stored).as("contacts in the store: " + context).hasSize((int) c.get(CREATED));
            assertThat(stored.stream().mapToInt(x -> x.emails().size()).sum()).as(context)
                    .isEqualTo((int) c.get(ADDRESSES_ADDED));
            assertThat(stored).allSatisfy(x -> {
                assertThat(x.source()).isEqualTo("import:" + r.format().wireName());
                assertThat(x.name() == null ? "" : x.name()).doesNotContain("\uFFFD");
            });

            // Whatever could not be used is reported: exactly these items, for these reasons.
            Map<String, String> reported = new TreeMap<>();
            for (ImportIssueRow i : issueRows) {
                assertThat(i.item()).startsWith(fileName + " ");
                reported.put(i.item().substring(fileName.length() + 1), i.reason());
            }
            assertThat(reported.keySet()).as("reported items: " + context).isEqualTo(new TreeSet<>(export.issues().keySet()));
            export.issues().forEach((item, reason) -> assertThat(reported.get(item)).as(item).contains(reason));

            for (Map.Entry<String, String> n : export.names().entrySet()) {
                long id = app.db().read(h -> h.attach(ContactDao.class).idByAddress(n.getKey()))
                        .orElseThrow(() -> new AssertionError(n.getKey() + " not stored: " + context));
                assertThat(app.contacts().find(id).orElseThrow().contact().name()).isEqualTo(n.getValue());
            }

            // And a second run of the same file adds nothing.
            ContactImporter.Result again = app.contactImporter().run(
                    new ContactImporter.Request(file, owner.id(), null, null, null), ImportProgress.NONE);
            assertThat(again.alreadyDone()).isTrue();
            assertThat(app.contacts().search(Search.ALL, 0, NameCursor.FIRST, 10_000)).hasSize(stored.size());
        }
    }
}
