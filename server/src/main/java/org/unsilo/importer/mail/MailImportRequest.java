package org.unsilo.importer.mail;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to import and how.
 *
 * @param path             a maildir tree, an mbox file, an .eml file, or a folder of them
 * @param format           null = detect
 * @param ownerEmail       one owner for everything (a staff account that exists), or null with {@code ownersByFolder}
 * @param ownersByFolder   each top-level folder of {@code path} is one staff member's mailbox
 * @param ownerMap         optional file of {@code folder=email[,alias…]} lines (implies {@code ownersByFolder})
 * @param batchSize        messages per transaction (and per checkpoint)
 * @param parseThreads     threads parsing MIME while one thread writes
 * @param itemTimeout      how long one message may take to parse before it is skipped as stalled
 * @param maxMessageBytes  larger messages are skipped with a reason (they are attachments, not conversation)
 * @param stopAfterBatches for tests of resuming: stop (as if killed) after this many batches; 0 = never
 */
public record MailImportRequest(Path path, MailFormat format, String ownerEmail, boolean ownersByFolder, Path ownerMap,
                                int batchSize, int parseThreads, Duration itemTimeout, int maxMessageBytes,
                                int stopAfterBatches) {

    public static final int DEFAULT_BATCH_SIZE = 250;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;
    public static final Duration DEFAULT_ITEM_TIMEOUT = Duration.ofSeconds(30);

    public MailImportRequest {
        if (path == null) {
            throw new IllegalArgumentException("path is required");
        }
        if (ownerMap != null) {
            ownersByFolder = true;
        }
        if (ownersByFolder == (ownerEmail != null)) {
            throw new IllegalArgumentException("give either one owner (--owner EMAIL) or --owners-by-folder");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (parseThreads < 1) {
            throw new IllegalArgumentException("at least one parse thread is needed");
        }
    }

    public static int defaultParseThreads() {
        // One core stays with the thread that writes to the database.
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public static MailImportRequest forOwner(Path path, String ownerEmail) {
        return new MailImportRequest(path, null, ownerEmail, false, null, DEFAULT_BATCH_SIZE, defaultParseThreads(),
                DEFAULT_ITEM_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES, 0);
    }

    public static MailImportRequest byFolder(Path path) {
        return new MailImportRequest(path, null, null, true, null, DEFAULT_BATCH_SIZE, defaultParseThreads(),
                DEFAULT_ITEM_TIMEOUT, DEFAULT_MAX_MESSAGE_BYTES, 0);
    }

    public MailImportRequest withFormat(MailFormat f) {
        return new MailImportRequest(path, f, ownerEmail, ownersByFolder, ownerMap, batchSize, parseThreads, itemTimeout,
                maxMessageBytes, stopAfterBatches);
    }

    public MailImportRequest withOwnerMap(Path map) {
        return new MailImportRequest(path, format, null, true, map, batchSize, parseThreads, itemTimeout, maxMessageBytes,
                stopAfterBatches);
    }

    public MailImportRequest withBatchSize(int n) {
        return new MailImportRequest(path, format, ownerEmail, ownersByFolder, ownerMap, n, parseThreads, itemTimeout,
                maxMessageBytes, stopAfterBatches);
    }

    public MailImportRequest withParseThreads(int n) {
        return new MailImportRequest(path, format, ownerEmail, ownersByFolder, ownerMap, batchSize, n, itemTimeout,
                maxMessageBytes, stopAfterBatches);
    }

    public MailImportRequest withItemTimeout(Duration d) {
        return new MailImportRequest(path, format, ownerEmail, ownersByFolder, ownerMap, batchSize, parseThreads, d,
                maxMessageBytes, stopAfterBatches);
    }

    public MailImportRequest withMaxMessageBytes(int n) {
        return new MailImportRequest(path, format, ownerEmail, ownersByFolder, ownerMap, batchSize, parseThreads, itemTimeout,
                n, stopAfterBatches);
    }

    public MailImportRequest withStopAfterBatches(int n) {
        return new MailImportRequest(path, format, ownerEmail, ownersByFolder, ownerMap, batchSize, parseThreads, itemTimeout,
                maxMessageBytes, n);
    }
}
