package org.unsilo.importer.mail;

import static org.unsilo.importer.mail.MailImportReport.ADDRESSES_REJECTED;
import static org.unsilo.importer.mail.MailImportReport.ALIASES_LEARNED;
import static org.unsilo.importer.mail.MailImportReport.CONTACTS_CREATED;
import static org.unsilo.importer.mail.MailImportReport.FILES_READ;
import static org.unsilo.importer.mail.MailImportReport.MESSAGES_DUPLICATE;
import static org.unsilo.importer.mail.MailImportReport.MESSAGES_FOUND;
import static org.unsilo.importer.mail.MailImportReport.MESSAGES_NEW;
import static org.unsilo.importer.mail.MailImportReport.ORGANIZATIONS_CREATED;
import static org.unsilo.importer.mail.MailImportReport.SKIPPED;
import static org.unsilo.importer.mail.MailImportReport.SKIPPED_PREFIX;
import static org.unsilo.importer.mail.MailImportReport.USERS_CREATED;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.unsilo.auth.UserService;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.Capture;
import org.unsilo.capture.CaptureResult;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.InvalidCaptureException;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.importer.ImportCounts;
import org.unsilo.importer.ImportJobs;
import org.unsilo.importer.ImportProgress;
import org.unsilo.store.Database;
import org.unsilo.store.ImportJobRow;
import org.unsilo.store.UserRow;

/**
 * {@code unsilo import mail}: reads a mail archive and captures every message through the one capture path
 * ({@link CaptureService}), attributed to the mailbox's owner.
 *
 * <p><b>Pipeline.</b> A reader thread walks the archive in its fixed order and hands each message's bytes to a
 * small pool that parses MIME; the calling thread takes the parsed messages back <em>in order</em>, in
 * batches, and stores each batch with {@link CaptureService#captureAll} in one transaction (SQLite has one
 * writer; batching is what makes thousands of messages a second possible). At most a few batches are in
 * flight and their bytes are bounded, so memory does not grow with the archive.
 *
 * <p><b>Resuming.</b> The job's checkpoint ({@link Checkpoint}: items done, last file, mbox offset) and its
 * counts are written in the same transaction as the batch they follow, with the issues (skipped items) of that
 * batch. A crash loses at most the batch in flight, which the next run does again; the final state is the same
 * as that of an uninterrupted run. Running a finished import again reads nothing and says so.
 */
public final class MailImporter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_FLIGHT_BATCHES = 4;
    private static final int BYTE_BUDGET_KB = 128 * 1024;
    private static final int MAX_REPLACED_WORKERS = 8;

    private final CaptureService captures;
    private final UserService users;
    private final ImportJobs jobs;
    private final Database db;
    private final AddressParser addresses = AddressParser.forObservedMail();
    private final MessageParser parser = new MessageParser();

    public MailImporter(CaptureService captures, UserService users, ImportJobs jobs, Database db) {
        this.captures = captures;
        this.users = users;
        this.jobs = jobs;
        this.db = db;
    }

    /** An owner root and the staff account its messages are attributed to. */
    /** A mailbox owner as decided from the learned addresses, before any account is made. */
    private record OwnerPlan(Path folder, String name, List<OwnerLearner.AddressCount> addresses, UserRow existing,
                             List<String> notes) {
    }

    private record Owner(String folder, ItemSource.Root root, long userId, String email) {
    }

    public MailImportReport run(MailImportRequest request, ImportProgress progress) {
        long started = System.nanoTime();
        Path path = canonical(request.path());
        boolean explicitFormat = request.format() != null;
        MailFormat format = explicitFormat ? request.format() : detect(path);
        if (request.ownersByFolder() && !Files.isDirectory(path)) {
            throw new MailImportException("--owners-by-folder needs a folder with one sub-folder per mailbox; " + path
                    + " is a file");
        }
        boolean everyFile = explicitFormat && format == MailFormat.EML;
        UserRow singleOwner = request.ownerEmail() == null ? null : users.findByEmail(request.ownerEmail())
                .orElseThrow(() -> new MailImportException("no staff account with address " + request.ownerEmail()
                        + "; create it first: unsilo users add --email " + request.ownerEmail() + " --name \"…\""));

        String options = options(request, format, singleOwner);
        String jobKey = "mail " + path + " " + options;
        Long ownerId = singleOwner == null ? null : singleOwner.id();
        ImportJobRow job = jobs.open("mail", path.toString(), jobKey, options, ownerId, ownerId);
        progress.jobOpened(job.id());
        if ("done".equals(job.status())) {
            return new MailImportReport(job.id(), MailImportReport.Outcome.ALREADY_DONE, path, format,
                    ImportCounts.fromJson(job.counts()).asMap(), List.of(), job.total() == null ? job.processed() : job.total(),
                    job.processed(), 0, elapsed(started), 0, jobs.issues(job.id(), 0, 20), jobs.issueCount(job.id()));
        }
        ImportCounts counts = ImportCounts.fromJson(job.counts());
        Checkpoint checkpoint = Checkpoint.fromJson(job.checkpoint());

        List<MailImportReport.OwnerReport> ownerReports = new ArrayList<>();
        List<Owner> owners = singleOwner != null
                ? List.of(new Owner(null, new ItemSource.Root(path, path), singleOwner.id(),
                        singleOwner.email()))
                : ownersByFolder(path, request, format, everyFile, ownerReports, counts, job, progress);
        List<ItemSource.Root> roots = owners.stream().map(Owner::root).toList();
        jobs.markRunning(job.id(), null);

        Run run = new Run(request, job, owners, counts, checkpoint, progress);
        long total;
        try (ItemCount count = new ItemCount(roots, format, everyFile, jobs, job.id(), progress)) {
            progress.start("Importing " + path.getFileName(), -1, checkpoint.next());
            run.execute(roots, format, everyFile, count::publishIfCounted);
            total = count.await();
        } catch (RuntimeException | Error e) {
            jobs.fail(job.id(), run.counts, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            progress.close();
        }
        if (total < 0) {
            total = checkpoint.next() + run.processed;
        }
        MailImportReport.Outcome outcome = run.stopped ? MailImportReport.Outcome.STOPPED : MailImportReport.Outcome.DONE;
        if (!run.stopped) {
            jobs.finish(job.id(), run.counts);
        }
        return new MailImportReport(job.id(), outcome, path, format, run.counts.asMap(), ownerReports, total,
                checkpoint.next(), run.processed, elapsed(started), run.ignoredFiles, jobs.issues(job.id(), 0, 20),
                jobs.issueCount(job.id()));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static Path canonical(Path p) {
        try {
            return p.toRealPath();
        } catch (NoSuchFileException e) {
            throw new MailImportException("no such file or folder: " + p);
        } catch (IOException e) {
            throw new MailImportException("cannot open " + p + ": " + e.getMessage(), e);
        }
    }

    private static MailFormat detect(Path path) {
        try {
            return MailFormat.detect(path).orElseThrow(() -> new MailImportException("cannot tell the format of " + path
                    + ": no maildir files (1., 2., cur/, new/), .eml files or mbox files in it; use --format"));
        } catch (IOException | UncheckedIOException e) {
            throw new MailImportException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The options that make two runs "the same import" (the job key); learned facts are not options. */
    private static String options(MailImportRequest r, MailFormat format, UserRow owner) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", format.wireName());
        if (owner != null) {
            o.put("owner", owner.email());
        } else {
            o.put("ownersByFolder", true);
        }
        if (r.ownerMap() != null) {
            try {
                o.put("ownerMap", Hashing.sha256().hashBytes(Files.readAllBytes(r.ownerMap())).toString());
            } catch (IOException e) {
                throw new MailImportException("cannot read the owner map " + r.ownerMap() + ": " + e.getMessage(), e);
            }
        }
        return o.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Owners by folder: learn (or read from the map) each mailbox owner's addresses, then make sure they are staff.

    private List<Owner> ownersByFolder(Path path, MailImportRequest request, MailFormat format, boolean everyFile,
                                       List<MailImportReport.OwnerReport> reports, ImportCounts counts, ImportJobRow job,
                                       ImportProgress progress) {
        List<Path> folders;
        try (Stream<Path> s = Files.list(path)) {
            folders = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), MailTree.NATURAL)).toList();
        } catch (IOException e) {
            throw new MailImportException("cannot list " + path + ": " + e.getMessage(), e);
        }
        if (folders.isEmpty()) {
            throw new MailImportException(path + " has no sub-folders; --owners-by-folder expects one folder per mailbox");
        }
        Map<String, OwnerMap.Entry> map = request.ownerMap() == null ? Map.of() : OwnerMap.read(request.ownerMap());
        for (String mapped : map.keySet()) {
            if (folders.stream().noneMatch(f -> f.getFileName().toString().equals(mapped))) {
                throw new MailImportException("the owner map names folder '" + mapped + "', which is not in " + path);
            }
        }

        // 1. Addresses per folder: from the map, or learned from the folder's sent mail.
        OwnerLearner learner = new OwnerLearner(parser, addresses);
        Map<String, List<OwnerLearner.AddressCount>> addressesOf = new LinkedHashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, List<String>> notes = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        Map<String, Future<OwnerLearner.Learned>> learning = new LinkedHashMap<>();
        List<Path> toLearn = folders.stream().filter(f -> !map.containsKey(f.getFileName().toString())).toList();
        if (!toLearn.isEmpty()) {
            progress.note("Learning the addresses of " + toLearn.size() + " mailbox owner" + (toLearn.size() == 1 ? "" : "s")
                    + " from their sent mail…");
        }
        // Nothing is written yet, so every core can read sent folders.
        ExecutorService learners = Executors.newFixedThreadPool(Math.max(1, Math.min(toLearn.size(),
                Runtime.getRuntime().availableProcessors())), daemon("mail-learn"));
        try {
            for (Path folder : toLearn) {
                String name = folder.getFileName().toString();
                learning.put(name, learners.submit(() -> learner.learn(name, new ItemSource.Root(folder, path), format,
                        everyFile, request.maxMessageBytes())));
            }
            for (Path folder : folders) {
                String name = folder.getFileName().toString();
                OwnerMap.Entry mapped = map.get(name);
                if (mapped != null) {
                    List<OwnerLearner.AddressCount> given = new ArrayList<>();
                    given.add(new OwnerLearner.AddressCount(normalise(mapped.email(), name), -1));
                    for (String a : mapped.aliases()) {
                        given.add(new OwnerLearner.AddressCount(normalise(a, name), -1));
                    }
                    addressesOf.put(name, given);
                    continue;
                }
                OwnerLearner.Learned learned = getLearned(learning.get(name));
                if (learned.addresses().isEmpty()) {
                    unknown.add(name + (learned.sentFolders() == 0 ? " (no sent folder)"
                            : " (no address sent a quarter of a sent folder)"));
                    continue;
                }
                addressesOf.put(name, new ArrayList<>(learned.addresses()));
                if (learned.name() != null) {
                    names.put(name, learned.name());
                }
            }
        } finally {
            learners.shutdownNow();
        }
        if (!unknown.isEmpty()) {
            throw new MailImportException("cannot learn whose mailbox these folders are: " + String.join(", ", unknown)
                    + ". Name their owners with --owner-map FILE (lines folder=email[,alias…]).");
        }

        // 2. One address, one owner: a learned address claimed by two folders stays with the one that sent it most.
        Map<String, String> claimedBy = new HashMap<>();
        Map<String, Long> claimCount = new HashMap<>();
        for (Map.Entry<String, List<OwnerLearner.AddressCount>> e : addressesOf.entrySet()) {
            for (OwnerLearner.AddressCount ac : e.getValue()) {
                String other = claimedBy.get(ac.address());
                long n = ac.count() < 0 ? Long.MAX_VALUE : ac.count();
                if (other == null || n > claimCount.get(ac.address())) {
                    claimedBy.put(ac.address(), e.getKey());
                    claimCount.put(ac.address(), n);
                }
            }
        }
        for (Map.Entry<String, List<OwnerLearner.AddressCount>> e : addressesOf.entrySet()) {
            e.getValue().removeIf(ac -> {
                boolean lost = !claimedBy.get(ac.address()).equals(e.getKey());
                if (lost) {
                    notes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(ac.address() + " also sent from "
                            + claimedBy.get(ac.address()) + ", which sent it more; left to that owner");
                }
                return lost;
            });
        }

        // 3. Staff accounts and aliases, before any message is stored (so the owners are never taken for contacts).
        // Planned first and the totals saved with the job before any account is made: a run that resumes after a
        // crash in the middle then reports the same totals as one that did not stop, and makes the missing accounts.
        List<OwnerPlan> plans = new ArrayList<>();
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            List<OwnerLearner.AddressCount> list = addressesOf.get(name);
            if (list == null || list.isEmpty()) {
                throw new MailImportException("every address learned for folder " + name + " belongs to another folder; "
                        + "name its owner with --owner-map");
            }
            List<String> ownerNotes = notes.computeIfAbsent(name, k -> new ArrayList<>());
            UserRow user = null;
            for (OwnerLearner.AddressCount ac : list) {
                Optional<UserRow> existing = users.findByEmail(ac.address());
                if (existing.isPresent()) {
                    if (user == null) {
                        user = existing.get();
                    } else if (existing.get().id() != user.id()) {
                        ownerNotes.add(ac.address() + " already belongs to " + existing.get().email() + "; left there");
                    }
                }
            }
            plans.add(new OwnerPlan(folder, name, list, user, ownerNotes));
        }
        if (!counts.asMap().containsKey(USERS_CREATED)) {
            counts.add(USERS_CREATED, plans.stream().filter(pl -> pl.existing() == null).count());
            counts.add(ALIASES_LEARNED, plans.stream().flatMap(pl -> pl.addresses().stream())
                    .filter(ac -> ac.count() >= 0).count());
            db.write(h -> {
                jobs.checkpoint(h, job.id(), job.processed(), job.checkpoint(), counts);
                return null;
            });
        }
        List<Owner> owners = new ArrayList<>();
        for (OwnerPlan plan : plans) {
            UserRow user = plan.existing();
            boolean userCreated = user == null;
            if (userCreated) {
                String primary = plan.addresses().get(0).address();
                String display = names.getOrDefault(plan.name(), OwnerLearner.nameFromAddress(primary));
                user = users.create(null, primary, display, "member");
            }
            List<String> learnedLines = new ArrayList<>();
            for (OwnerLearner.AddressCount ac : plan.addresses()) {
                if (users.findByEmail(ac.address()).isEmpty()) {
                    users.addAlias(user.id(), ac.address());
                }
                learnedLines.add(ac.count() < 0 ? ac.address() + " (from the owner map)"
                        : ac.address() + " (" + ac.count() + " sent)");
            }
            owners.add(new Owner(plan.name(), new ItemSource.Root(plan.folder(), path), user.id(), user.email()));
            reports.add(new MailImportReport.OwnerReport(plan.name(), user.email(), user.displayName(), userCreated,
                    List.copyOf(learnedLines), List.copyOf(plan.notes())));
            progress.note(plan.name() + " → " + user.email() + " (" + user.displayName()
                    + (userCreated ? ", new account" : "") + "): " + String.join(", ", learnedLines));
        }
        return owners;
    }

    private static OwnerLearner.Learned getLearned(Future<OwnerLearner.Learned> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailImportException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MailImportException mie) {
                throw mie;
            }
            throw new MailImportException("reading the sent mail failed: " + cause, cause);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private String normalise(String address, String folder) {
        ParsedParty p = addresses.parse(Party.of(address, null));
        if (!p.isValid()) {
            throw new MailImportException("owner map: '" + address + "' for folder " + folder + " is not a valid address: "
                    + p.error());
        }
        return p.email().address();
    }

    // ---------------------------------------------------------------------------------------------------------
    // One run of the pipeline.

    /** A parsed message ready to capture, or why the item is skipped. */
    private sealed interface Outcome permits Parsed, Failed {
    }

    /** Parsed and prepared for storing (addresses, fingerprint) on the parse thread, so the writer only writes. */
    private record Parsed(CaptureService.Prepared prepared) implements Outcome {
    }

    private record Failed(String category, String reason) implements Outcome {
    }

    /** An item in flight: where it is (not its bytes) and its parse result to come. */
    private record Pending(long index, String key, String file, boolean firstInFile, long nextOffset,
                           Future<Outcome> outcome) {
        Checkpoint after() {
            return new Checkpoint(index + 1, file, nextOffset);
        }
    }

    private record Batch(List<Pending> items, Throwable failure) {
        static final Batch END = new Batch(List.of(), null);
    }

    private final class Run {
        private final MailImportRequest request;
        private final ImportJobRow job;
        private final List<Owner> owners;
        private final ImportProgress progress;
        private final Checkpoint from;
        private ImportCounts counts;
        private long processed;
        private long ignoredFiles;
        private boolean stopped;
        private final AtomicInteger replacedWorkers = new AtomicInteger();
        private int batchesThisRun;

        Run(MailImportRequest request, ImportJobRow job, List<Owner> owners, ImportCounts counts, Checkpoint from,
            ImportProgress progress) {
            this.request = request;
            this.job = job;
            this.owners = owners;
            this.counts = counts;
            this.from = from;
            this.progress = progress;
        }

        /** Runs the pipeline; {@code betweenBatches} runs on this thread before and after each stored batch. */
        void execute(List<ItemSource.Root> roots, MailFormat format, boolean everyFile, Runnable betweenBatches) {
            int threads = request.parseThreads();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemon("mail-parse"));
            BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(IN_FLIGHT_BATCHES);
            Semaphore bytes = new Semaphore(BYTE_BUDGET_KB);
            long[] ignored = {0};
            Thread reader = new Thread(() -> read(roots, format, everyFile, pool, queue, bytes, ignored), "mail-import-reader");
            reader.setDaemon(true);
            reader.start();
            try {
                while (true) {
                    Batch batch = queue.take();
                    if (batch.failure() != null) {
                        if (batch.failure() instanceof MailImportException mie) {
                            throw mie;
                        }
                        throw new MailImportException("reading the archive failed: " + batch.failure().getMessage(),
                                batch.failure());
                    }
                    if (batch == Batch.END) {
                        break;
                    }
                    betweenBatches.run();
                    store(batch, pool, threads);
                    processed += batch.items().size();
                    progress.advance(batch.items().size());
                    betweenBatches.run();
                    if (request.stopAfterBatches() > 0 && ++batchesThisRun >= request.stopAfterBatches()) {
                        stopped = true;
                        break;
                    }
                }
                reader.join(TimeUnit.SECONDS.toMillis(5));
                ignoredFiles = ignored[0];
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MailImportException("interrupted", e);
            } finally {
                reader.interrupt();
                queue.clear();
                pool.shutdownNow();
            }
        }

        /** The reader thread: walks the archive and submits every message to the parse pool, batch by batch. */
        private void read(List<ItemSource.Root> roots, MailFormat format, boolean everyFile, ThreadPoolExecutor pool,
                          BlockingQueue<Batch> queue, Semaphore bytes, long[] ignored) {
            try (ItemSource items = new ItemSource(roots, format, everyFile, request.maxMessageBytes(), from, null)) {
                List<Pending> batch = new ArrayList<>(request.batchSize());
                while (items.hasNext()) {
                    MailItem item = items.next();
                    Future<Outcome> outcome;
                    if (!item.readable()) {
                        outcome = CompletableFuture.completedFuture(new Failed(item.errorCategory(), item.error()));
                    } else {
                        byte[] raw = item.raw();
                        long owner = owners.get(item.owner()).userId();
                        // Bounded memory: the bytes of messages waiting to be parsed never exceed the budget.
                        int permits = Math.max(1, Math.min(BYTE_BUDGET_KB, raw.length >> 10));
                        bytes.acquire(permits);
                        try {
                            outcome = pool.submit(() -> {
                                try {
                                    return parse(raw, owner);
                                } finally {
                                    bytes.release(permits);
                                }
                            });
                        } catch (RuntimeException e) {
                            bytes.release(permits);
                            throw e;
                        }
                    }
                    batch.add(new Pending(item.index(), item.key(), item.file(), item.firstInFile(), item.nextOffset(), outcome));
                    if (batch.size() == request.batchSize()) {
                        queue.put(new Batch(batch, null));
                        batch = new ArrayList<>(request.batchSize());
                    }
                }
                if (!batch.isEmpty()) {
                    queue.put(new Batch(batch, null));
                }
                ignored[0] = items.ignoredFiles();
                queue.put(Batch.END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                try {
                    queue.put(new Batch(List.of(), t));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private Outcome parse(byte[] raw, long ownerId) {
            try {
                ParsedMessage m = parser.parse(raw);
                return new Parsed(captures.prepare(new Capture(Capture.Source.IMPORT, ownerId, m.messageId(), null, null,
                        m.subject(), m.sentAt(), m.from(), m.to(), m.cc(), m.bodyText(), null, m.headers(), false)));
            } catch (InvalidCaptureException e) {
                return new Failed("invalid sender", e.getMessage());
            } catch (MessageParser.UnreadableMessageException e) {
                return new Failed(e.category(), e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                return new Failed("unreadable message", "parser error: " + e);
            }
        }

        /** Waits for an item's parse, at most the per-item timeout: a parse that stalls is skipped, not waited for. */
        private Outcome await(Pending p, ThreadPoolExecutor pool, int threads) throws InterruptedException {
            try {
                return p.outcome().get(request.itemTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return new Failed("unreadable message", "parser error: " + e.getCause());
            } catch (TimeoutException e) {
                p.outcome().cancel(true);
                // The stalled worker may never come back: give the pool a fresh thread in its place.
                if (replacedWorkers.incrementAndGet() > MAX_REPLACED_WORKERS) {
                    throw new MailImportException("more than " + MAX_REPLACED_WORKERS + " messages stalled the parser; "
                            + "stopping (the last one: " + p.key() + ")");
                }
                int size = threads + replacedWorkers.get();
                pool.setMaximumPoolSize(size);
                pool.setCorePoolSize(size);
                return new Failed("parse timeout", "parsing took longer than " + request.itemTimeout().toSeconds()
                        + " s; skipped");
            }
        }

        /** Stores one batch and its checkpoint in one transaction. */
        private void store(Batch batch, ThreadPoolExecutor pool, int threads) throws InterruptedException {
            List<CaptureService.Prepared> list = new ArrayList<>(batch.items().size());
            Map<Capture, Pending> itemOf = new IdentityHashMap<>();
            List<Map.Entry<Pending, Failed>> failed = new ArrayList<>();
            for (Pending p : batch.items()) {
                Outcome o = await(p, pool, threads);
                if (o instanceof Parsed parsed) {
                    list.add(parsed.prepared());
                    itemOf.put(parsed.prepared().capture(), p);
                } else {
                    failed.add(Map.entry(p, (Failed) o));
                }
            }
            Checkpoint after = batch.items().get(batch.items().size() - 1).after();
            ImportCounts next = copy(counts);
            try {
                captures.storeAll(list, (handle, attempts) -> {
                    tally(handle, next, batch.items(), attempts, itemOf, failed);
                    jobs.checkpoint(handle, job.id(), after.next(), after.toJson(), next);
                });
                counts = next;
            } catch (RuntimeException e) {
                storeOneByOne(batch, list, itemOf, failed, e);
            }
        }

        /**
         * A batch failed as a whole (a bug, or a constraint nobody expected). Store its items one by one, each with
         * its own checkpoint, so only the item that fails is skipped (with the error as its reason).
         */
        private void storeOneByOne(Batch batch, List<CaptureService.Prepared> prepared, Map<Capture, Pending> itemOf,
                                   List<Map.Entry<Pending, Failed>> failed, RuntimeException cause) {
            Map<Pending, CaptureService.Prepared> captureOf = new IdentityHashMap<>();
            prepared.forEach(c -> captureOf.put(itemOf.get(c.capture()), c));
            Map<Pending, Failed> failureOf = new IdentityHashMap<>();
            failed.forEach(e -> failureOf.put(e.getKey(), e.getValue()));
            for (Pending p : batch.items()) {
                ImportCounts next = copy(counts);
                Checkpoint after = p.after();
                CaptureService.Prepared c = captureOf.get(p);
                List<Map.Entry<Pending, Failed>> f = failureOf.containsKey(p) ? List.of(Map.entry(p, failureOf.get(p))) : List.of();
                if (c != null) {
                    try {
                        captures.storeAll(List.of(c), (handle, attempts) -> {
                            tally(handle, next, List.of(p), attempts, Map.of(c.capture(), p), List.of());
                            jobs.checkpoint(handle, job.id(), after.next(), after.toJson(), next);
                        });
                        counts = next;
                        continue;
                    } catch (RuntimeException e) {
                        f = List.of(Map.entry(p, new Failed("could not be stored", "storing failed: " + e.getMessage())));
                    }
                }
                ImportCounts retry = copy(counts);
                List<Map.Entry<Pending, Failed>> failures = f;
                db.write(handle -> {
                    tally(handle, retry, List.of(p), List.of(), Map.of(), failures);
                    jobs.checkpoint(handle, job.id(), after.next(), after.toJson(), retry);
                    return null;
                });
                counts = retry;
            }
            if (cause != null) {
                progress.note("A batch could not be stored as a whole (" + cause.getMessage() + "); stored it message by message.");
            }
        }

        /** Counts a batch's outcomes and records its issues, in the batch's transaction. */
        private void tally(Handle handle, ImportCounts c, List<Pending> items, List<CaptureService.Attempt> attempts,
                           Map<Capture, Pending> itemOf, List<Map.Entry<Pending, Failed>> failed) {
            for (Pending p : items) {
                if (p.firstInFile()) {
                    c.increment(FILES_READ);
                }
            }
            c.add(MESSAGES_FOUND, items.size());
            for (CaptureService.Attempt a : attempts) {
                if (a.error() != null) {
                    skip(handle, c, itemOf.get(a.capture()), "invalid sender", a.error().getMessage());
                    continue;
                }
                CaptureResult r = a.result();
                if (r.created()) {
                    c.increment(MESSAGES_NEW);
                    c.add(ADDRESSES_REJECTED, r.rejected().size());
                } else {
                    c.increment(MESSAGES_DUPLICATE);
                }
                c.add(CONTACTS_CREATED, r.contacts().stream().filter(CaptureResult.ContactOutcome::created).count());
                c.add(ORGANIZATIONS_CREATED, r.organizations().stream().filter(CaptureResult.OrganizationOutcome::created).count());
            }
            for (Map.Entry<Pending, Failed> f : failed) {
                skip(handle, c, f.getKey(), f.getValue().category(), f.getValue().reason());
            }
        }

        private void skip(Handle handle, ImportCounts c, Pending p, String category, String reason) {
            c.increment(SKIPPED);
            c.increment(SKIPPED_PREFIX + category);
            jobs.issue(handle, job.id(), p.key(), category + ": " + reason);
        }
    }

    private static ImportCounts copy(ImportCounts c) {
        return ImportCounts.fromJson(c.toJson());
    }
}
