package org.unsilo.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.unsilo.App;
import org.unsilo.importer.contacts.ContactCounts;
import org.unsilo.importer.contacts.ContactImportException;
import org.unsilo.importer.contacts.ContactImporter;
import org.unsilo.store.ImportIssueRow;
import org.unsilo.store.UserRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code unsilo import contacts FILE --owner EMAIL}: an address-book export into contacts. Meant to be
 * a subcommand of {@code import} (beside {@code import mail}).
 */
@Command(name = "contacts", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Import an address book: a vCard file (.vcf from Outlook, Gmail/Google Contacts, iPhone/Mac, Android,"
                    + " Thunderbird...) or a CSV export (Outlook desktop/web, Google Contacts, Thunderbird, Yahoo,"
                    + " Windows Live Mail; any other spreadsheet with --map).",
            "Contacts merge into existing ones by e-mail address and never overwrite a field a person edited."
                    + " Running the same command again continues an interrupted import, and adds nothing once it"
                    + " has finished."})
final class ImportContactsCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "FILE", description = "The export: .vcf (vCard 2.1/3.0/4.0) or .csv.")
    Path file;

    @Option(names = "--owner", required = true, paramLabel = "EMAIL",
            description = "The staff member whose address book this is; new contacts are created by them.")
    String owner;

    @Option(names = "--format", paramLabel = "vcard|csv",
            description = "The file's format (default: from the file name, else from its content).")
    String format;

    @Option(names = "--map", paramLabel = "FILE",
            description = "CSV columns for spreadsheets the importer does not recognise: a properties file of"
                    + " 'our field = their column header' (name, first, middle, last, email, email.2..., phone..., title,"
                    + " organization; a column may also be #N, its position).")
    Path map;

    @Option(names = "--max-issues", defaultValue = "50", paramLabel = "N",
            description = "How many of the records that could not be used to list (default ${DEFAULT-VALUE}).")
    int maxIssues;

    @Override
    public Integer call() {
        try (App app = store.openExisting()) {
            UserRow user = app.users().findByEmail(owner).orElseThrow(() -> new CliException(
                    "no staff member with address " + owner + "; add one first with `unsilo users add`"));
            ContactImporter.Result result;
            try (ConsoleProgress progress = ConsoleProgress.onStderr()) {
                ContactImporter.Format f = format == null ? null : ContactImporter.Format.parse(format);
                result = app.contactImporter().run(new ContactImporter.Request(file, user.id(), null, f, map), progress);
            } catch (ContactImportException e) {
                throw new CliException(file + ": " + e.getMessage());
            } catch (IOException e) {
                throw new CliException("cannot read " + file + ": " + e.getMessage());
            }
            print(System.out, app, result, user);
            return 0;
        }
    }

    private void print(PrintStream out, App app, ContactImporter.Result r, UserRow user) {
        long jobId = r.job().id();
        if (r.alreadyDone()) {
            out.printf("%s was already imported for %s (import job %d, finished %s); nothing new to do.%n",
                    file.getFileName(), user.email(), jobId,
                    r.job().finishedAt() == null ? "earlier" : Instant.ofEpochMilli(r.job().finishedAt()));
        } else {
            out.printf("Imported %s for %s (import job %d%s)%n", file.getFileName(), user.email(), jobId,
                    r.resumedAfter() > 0 ? ", resumed after record " + r.resumedAfter() : "");
        }
        out.println("  read as " + r.description());
        ContactCounts.summary(r.counts()).forEach(out::println);
        long issues = app.importJobs().issueCount(jobId);
        if (issues > 0) {
            List<ImportIssueRow> shown = app.importJobs().issues(jobId, 0, Math.max(0, maxIssues));
            out.printf("Not used (%d):%n", issues);
            shown.forEach(i -> out.println("  " + i.item() + ": " + i.reason()));
            if (issues > shown.size()) {
                out.printf("  ... and %d more (--max-issues N shows more)%n", issues - shown.size());
            }
        }
    }
}
