package org.unsilo.importer.contacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Directory;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.capture.RobotSenders;
import org.unsilo.importer.ImportCounts;
import org.unsilo.importer.ImportJobs;
import org.unsilo.importer.ImportProgress;
import org.unsilo.store.Database;
import org.unsilo.store.ImportJobRow;

/**
 * {@code unsilo import contacts}: an address-book export (vCard or CSV) into contacts, as a resumable
 * import job. Records are applied in batches; each batch commits together with the job checkpoint (the
 * number of records done) and the issues of its records, so a run killed at any point re-runs from the
 * last commit and ends with the same contacts and counts as an uninterrupted one. The job is keyed by
 * the file's content, so running it again after it finished adds nothing.
 */
public final class ContactImporter {

    public enum Format {
        VCARD("vcard"), CSV("csv");

        private final String wireName;

        Format(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** {@code vcard} or {@code csv}, as the CLI and the job options spell it. */
        public static Format parse(String s) {
            for (Format f : values()) {
                if (f.wireName.equalsIgnoreCase(s.strip())) {
                    return f;
                }
            }
            throw new ContactImportException("unknown format '" + s + "'; use vcard or csv");
        }
    }

    /**
     * @param file    the export to read
     * @param ownerId the staff member the contacts are attributed to ({@code created_by})
     * @param actorId who started the import (null from the command line)
     * @param format  null to detect from the name and content
     * @param mapFile null, or a {@code --map} properties file for CSV columns
     */
    public record Request(Path file, long ownerId, Long actorId, Format format, Path mapFile) {
    }

    /**
     * @param alreadyDone  the same file was imported for this owner before; nothing was done now
     * @param resumedAfter records an interrupted earlier run had committed (0 for a fresh import)
     * @param description  format, charset and (for CSV) which columns were used
     */
    public record Result(ImportJobRow job, boolean alreadyDone, long resumedAfter, ImportCounts counts, Format format,
                         String description) {
    }

    static final int DEFAULT_BATCH = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final ImportJobs jobs;
    private final ContactMerger merger;
    private final Clock clock;
    private final int batchSize;

    public ContactImporter(Database db, ImportJobs jobs, AddressParser parser, Directory directory,
                           OrganizationInference organizations, RobotSenders robots, Clock clock) {
        this(db, jobs, parser, directory, organizations, robots, clock, DEFAULT_BATCH);
    }

    public ContactImporter(Database db, ImportJobs jobs, AddressParser parser, Directory directory,
                           OrganizationInference organizations, RobotSenders robots, Clock clock, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.db = db;
        this.jobs = jobs;
        this.merger = new ContactMerger(parser, directory, organizations, robots);
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /**
     * Runs (or resumes, or recognises as done) the import of {@code request.file()}.
     *
     * @throws ContactImportException the file as a whole is not importable (nothing written)
     * @throws IOException            the file cannot be read
     */
    public Result run(Request request, ImportProgress progress) throws IOException {
        Path file = request.file();
        if (!Files.isRegularFile(file)) {
            throw new ContactImportException("no such file: " + file);
        }
        FileScan scan = FileScan.of(file);
        Format format = request.format() != null ? request.format() : detect(scan);
        Properties map = null;
        String mapHash = null;
        if (request.mapFile() != null) {
            if (!Files.isRegularFile(request.mapFile())) {
                throw new ContactImportException("no such --map file: " + request.mapFile());
            }
            if (format != Format.CSV) {
                throw new ContactImportException("--map describes CSV columns; " + file.getFileName() + " is a vCard file");
            }
            map = loadMap(request.mapFile());
            mapHash = sha256(Files.readAllBytes(request.mapFile()));
        }
        String mapName = request.mapFile() == null ? null : request.mapFile().getFileName().toString();

        // First pass: the layout is checked (a CSV nobody can map fails here, before any job exists)
        // and the records are counted, for the progress bar's total and ETA.
        long total = 0;
        String description;
        try (RecordSource counting = open(scan, format, map, mapName, false)) {
            description = counting.description();
            while (counting.next() != null) {
                total++;
            }
        }

        String key = "contacts:sha256=" + scan.sha256() + ":format=" + format.wireName() + ":owner=" + request.ownerId()
                + (mapHash == null ? "" : ":map=" + mapHash);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("file", file.getFileName().toString());
        options.put("format", format.wireName());
        options.put("charset", scan.charset().name());
        options.put("charsetReason", scan.charsetReason());
        options.put("read", description);
        if (mapName != null) {
            options.put("map", request.mapFile().toAbsolutePath().toString());
        }
        ImportJobRow job = jobs.open("contacts", file.toAbsolutePath().normalize().toString(), key, json(options),
                request.ownerId(), request.actorId());
        progress.jobOpened(job.id());
        if ("done".equals(job.status())) {
            return new Result(job, true, 0, ImportCounts.fromJson(job.counts()), format, description);
        }

        ImportCounts counts = ImportCounts.fromJson(job.counts());
        long done = job.processed();
        jobs.markRunning(job.id(), total);
        String fileName = file.getFileName().toString();
        String contactSource = "import:" + format.wireName();
        progress.start("Importing " + fileName, total, Math.min(done, total));
        try (RecordSource source = open(scan, format, map, mapName, true)) {
            List<ContactRecord> batch = new ArrayList<>(batchSize);
            ContactRecord r;
            while ((r = source.next()) != null) {
                if (r.number() <= done) {
                    continue; // committed by an earlier run of this job
                }
                batch.add(r);
                if (batch.size() == batchSize) {
                    counts = commit(job.id(), fileName, batch, counts, request.ownerId(), contactSource);
                    progress.advance(batch.size());
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                counts = commit(job.id(), fileName, batch, counts, request.ownerId(), contactSource);
                progress.advance(batch.size());
            }
        } catch (IOException | RuntimeException e) {
            jobs.fail(job.id(), counts, e.toString());
            throw e;
        }
        jobs.finish(job.id(), counts);
        return new Result(jobs.find(job.id()).orElseThrow(), false, done, counts, format, description);
    }

    /**
     * One transaction: the batch's records, their issues and the checkpoint after the last of them.
     * A record that fails in the store is rolled back to its savepoint and reported; the others stay.
     */
    private ImportCounts commit(long jobId, String fileName, List<ContactRecord> batch, ImportCounts committed,
                                long ownerId, String source) {
        ContactMerger.Context ctx = new ContactMerger.Context(ownerId, source, clock.millis());
        ContactMerger.Issues issues = (h, where, reason) -> jobs.issue(h, jobId, fileName + " " + where, reason);
        return db.write(h -> {
            ImportCounts counts = ImportCounts.fromJson(committed.toJson());
            ContactMerger.Tx tx = ContactMerger.Tx.of(h);
            long last = 0;
            for (ContactRecord r : batch) {
                ImportCounts one = new ImportCounts();
                h.savepoint("record");
                try {
                    merger.apply(tx, r, ctx, one, issues);
                    h.releaseSavepoint("record");
                } catch (RuntimeException e) {
                    h.rollbackToSavepoint("record");
                    h.releaseSavepoint("record");
                    one = new ImportCounts();
                    one.increment(ContactCounts.RECORDS);
                    one.increment(ContactCounts.SKIPPED_FAILED);
                    issues.add(h, r.label(), "could not be stored: " + e.getMessage());
                }
                one.asMap().forEach(counts::add);
                last = r.number();
            }
            jobs.checkpoint(h, jobId, last, "record:" + last, counts);
            return counts;
        });
    }

    private static RecordSource open(FileScan scan, Format format, Properties map, String mapName, boolean parse)
            throws IOException {
        return format == Format.VCARD ? new VCardSource(scan, parse) : CsvSource.open(scan, map, mapName);
    }

    /** By extension first (.vcf/.vcard, .csv/.tsv/.txt), else by content: a vCard starts with BEGIN:VCARD. */
    static Format detect(FileScan scan) throws IOException {
        String name = scan.file().getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".vcf") || name.endsWith(".vcard")) {
            return Format.VCARD;
        }
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return Format.CSV;
        }
        try (Reader in = scan.open()) {
            char[] buf = new char[4096];
            int n = in.read(buf);
            String head = n <= 0 ? "" : new String(buf, 0, n).stripLeading();
            return head.regionMatches(true, 0, "BEGIN:VCARD", 0, 11) ? Format.VCARD : Format.CSV;
        }
    }

    private static Properties loadMap(Path mapFile) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(mapFile);
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
