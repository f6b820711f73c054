package org.unsilo.importer.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.unsilo.store.ImportIssueRow;

/**
 * The outcome of one run of a mail import, for the closing summary. {@code counts} are the job's counts
 * (those of all runs of the job together, as saved with its last checkpoint).
 */
public record MailImportReport(long jobId, Outcome outcome, Path source, MailFormat format, Map<String, Long> counts,
                               List<OwnerReport> owners, long total, long processedBefore, long processedNow,
                               Duration elapsed, long ignoredFiles, List<ImportIssueRow> firstIssues, long issueCount) {

    public enum Outcome {
        /** Everything was imported (in this run, or this run finished an interrupted one). */
        DONE,
        /** The same import had finished before: nothing was read and nothing added. */
        ALREADY_DONE,
        /** Stopped early on request (tests of resuming); the job resumes on the next run. */
        STOPPED
    }

    /** A staff member whose mailbox this is, and what was learned about their addresses. */
    public record OwnerReport(String folder, String email, String name, boolean created, List<String> learned,
                              List<String> notes) {
    }

    // Names of the job's counts (ImportCounts), also the keys of GET /api/v1/admin/imports/{id} "counts".
    public static final String FILES_READ = "filesRead";
    public static final String MESSAGES_FOUND = "messagesFound";
    public static final String MESSAGES_NEW = "messagesNew";
    public static final String MESSAGES_DUPLICATE = "messagesDuplicate";
    public static final String SKIPPED = "skipped";
    /** Prefix of the per-reason skip counts, e.g. "skipped.no sender". */
    public static final String SKIPPED_PREFIX = "skipped.";
    public static final String CONTACTS_CREATED = "contactsCreated";
    public static final String ORGANIZATIONS_CREATED = "organizationsCreated";
    public static final String ADDRESSES_REJECTED = "addressesRejected";
    public static final String USERS_CREATED = "usersCreated";
    public static final String ALIASES_LEARNED = "aliasesLearned";

    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** Messages per second in this run. */
    public double rate() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : processedNow / s;
    }
}
