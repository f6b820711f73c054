package org.unsilo.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.unsilo.App;
import org.unsilo.importer.mail.MailFormat;
import org.unsilo.importer.mail.MailImportException;
import org.unsilo.importer.mail.MailImportReport;
import org.unsilo.importer.mail.MailImportRequest;
import org.unsilo.importer.mail.MailImporter;
import org.unsilo.store.ImportIssueRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "mail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import a mail archive: a maildir tree (CMU/Enron style or Maildir++), an mbox file (Google Takeout, "
                + "Thunderbird, Apple Mail), an .eml file, or a folder of them.",
                "Resumable: after a crash or Ctrl-C, run the same command again and it continues where it stopped; "
                        + "once finished, running it again adds nothing."},
        footer = {"", "Examples:",
                "  unsilo import mail ~/Takeout/Mail/All\\ mail.mbox --owner ann@example.com",
                "  unsilo import mail exports/maildir --owners-by-folder",
                "  unsilo import mail exports/maildir --owner-map owners.txt   (lines: folder=email[,alias…])"})
final class ImportMailCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "PATH", description = "Maildir folder, mbox file, .eml file, or a folder of them.")
    Path path;

    @Option(names = "--owner", paramLabel = "EMAIL",
            description = "The staff member whose mailbox this is (an existing account: unsilo users add).")
    String owner;

    @Option(names = "--owners-by-folder",
            description = "Each top-level folder of PATH is one staff member's mailbox; their addresses are learned "
                    + "from what they sent (accounts are created as needed).")
    boolean ownersByFolder;

    @Option(names = "--owner-map", paramLabel = "FILE",
            description = "With --owners-by-folder: lines folder=email[,alias…] naming the owners instead of learning them.")
    Path ownerMap;

    @Option(names = "--format", paramLabel = "FORMAT", description = "maildir, mbox or eml (default: detected).")
    String format;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + MailImportRequest.DEFAULT_BATCH_SIZE,
            description = "Messages per transaction and checkpoint (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "Threads parsing MIME (default: cores - 1).")
    Integer threads;

    @Option(names = "--stop-after-batches", hidden = true, defaultValue = "0",
            description = "Testing: stop as if killed after N batches.")
    int stopAfterBatches;

    @Override
    public void run() {
        if (owner != null && (ownersByFolder || ownerMap != null)) {
            throw new CliException("give either --owner EMAIL or --owners-by-folder, not both");
        }
        if (owner == null && !ownersByFolder && ownerMap == null) {
            throw new CliException("whose mail is it? Give --owner EMAIL, or --owners-by-folder for a folder per mailbox");
        }
        MailImportRequest request;
        try {
            request = owner != null ? MailImportRequest.forOwner(path, owner) : MailImportRequest.byFolder(path);
            if (ownerMap != null) {
                request = request.withOwnerMap(ownerMap);
            }
            if (format != null) {
                request = request.withFormat(MailFormat.parse(format));
            }
            request = request.withBatchSize(batchSize).withStopAfterBatches(stopAfterBatches);
            if (threads != null) {
                request = request.withParseThreads(threads);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        try (App app = store.openExisting()) {
            MailImporter importer = new MailImporter(app.captures(), app.users(), app.importJobs(), app.db());
            MailImportReport report = importer.run(request, ConsoleProgress.onStderr());
            print(report, System.out);
        } catch (MailImportException e) {
            throw new CliException(e.getMessage());
        }
    }

    static void print(MailImportReport r, PrintStream out) {
        out.println();
        switch (r.outcome()) {
            case ALREADY_DONE -> out.printf("Nothing to do: this import (job %d) finished before, and running it again adds "
                    + "nothing. Its summary:%n", r.jobId());
            case STOPPED -> out.printf("Stopped after %,d messages as asked; run the same command again to continue "
                    + "(job %d).%n", r.processedNow(), r.jobId());
            case DONE -> out.printf(Locale.ROOT, "Imported %s (%s) in %.1f s: %,d messages this run, %,.0f messages/s%s.%n",
                    r.source(), r.format().wireName(), r.elapsed().toMillis() / 1000.0, r.processedNow(), r.rate(),
                    r.processedBefore() > 0 ? String.format(" (resumed at %,d of %,d)", r.processedBefore(), r.total()) : "");
        }
        if (!r.owners().isEmpty()) {
            out.println();
            out.println("Mailbox owners (addresses learned from their sent mail):");
            for (MailImportReport.OwnerReport o : r.owners()) {
                out.printf("  %-12s %s, %s%s%n", o.folder(), o.name(), String.join(", ", o.learned()),
                        o.created() ? "  [new account]" : "");
                for (String note : o.notes()) {
                    out.printf("  %-12s note: %s%n", "", note);
                }
            }
        }
        out.println();
        line(out, "files read", r.count(MailImportReport.FILES_READ), null);
        line(out, "messages found", r.count(MailImportReport.MESSAGES_FOUND), null);
        line(out, "  new", r.count(MailImportReport.MESSAGES_NEW), null);
        line(out, "  duplicates folded", r.count(MailImportReport.MESSAGES_DUPLICATE), "copies of a message already stored");
        line(out, "  skipped", r.count(MailImportReport.SKIPPED), r.count(MailImportReport.SKIPPED) > 0 ? "reasons below" : null);
        line(out, "contacts created", r.count(MailImportReport.CONTACTS_CREATED), null);
        line(out, "organisations created", r.count(MailImportReport.ORGANIZATIONS_CREATED), null);
        if (r.counts().containsKey(MailImportReport.USERS_CREATED)) {
            line(out, "staff accounts created", r.count(MailImportReport.USERS_CREATED), null);
            line(out, "addresses learned", r.count(MailImportReport.ALIASES_LEARNED), null);
        }
        if (r.count(MailImportReport.ADDRESSES_REJECTED) > 0) {
            line(out, "recipients not stored", r.count(MailImportReport.ADDRESSES_REJECTED), "invalid addresses");
        }
        if (r.ignoredFiles() > 0) {
            line(out, "other files ignored", r.ignoredFiles(), "not messages of this format");
        }
        if (r.count(MailImportReport.SKIPPED) > 0) {
            out.println();
            out.println("Skipped, by reason:");
            for (Map.Entry<String, Long> e : r.counts().entrySet()) {
                if (e.getKey().startsWith(MailImportReport.SKIPPED_PREFIX)) {
                    out.printf("  %-34s %,8d%n", e.getKey().substring(MailImportReport.SKIPPED_PREFIX.length()), e.getValue());
                }
            }
            out.println();
            out.printf("Skipped items (%d of %d; all are saved on import job %d):%n", r.firstIssues().size(), r.issueCount(),
                    r.jobId());
            for (ImportIssueRow i : r.firstIssues()) {
                out.printf("  %s: %s%n", i.item(), i.reason());
            }
        }
    }

    private static void line(PrintStream out, String label, long n, String note) {
        out.printf("  %-26s %,10d%s%n", label, n, note == null ? "" : "   (" + note + ")");
    }
}
