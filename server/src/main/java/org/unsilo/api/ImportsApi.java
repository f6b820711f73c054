package org.unsilo.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.unsilo.auth.Principal;
import org.unsilo.auth.UserService;
import org.unsilo.http.ApiException;
import org.unsilo.http.Cursor;
import org.unsilo.http.Page;
import org.unsilo.http.Problem;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.importer.ImportCounts;
import org.unsilo.importer.ImportJobs;
import org.unsilo.importer.ImportRunner;
import org.unsilo.importer.contacts.ContactImporter;
import org.unsilo.importer.mail.MailFormat;
import org.unsilo.importer.mail.MailImportRequest;
import org.unsilo.importer.mail.MailImporter;
import org.unsilo.store.ImportIssueRow;
import org.unsilo.store.ImportJobRow;
import org.unsilo.store.UserRow;

/**
 * Admin imports over HTTP: a file or mail folder already in the server's import folder, or an upload
 * (.vcf/.csv address books, .mbox/.eml mail); both run in the background and are followed through {@code GET /api/v1/admin/imports/{id}}.
 */
public final class ImportsApi {

    public static final String UPLOAD_PATH = "/api/v1/admin/imports/upload";
    private static final int ISSUES_SHOWN = 100;
    private static final long OPEN_TIMEOUT_SECONDS = 120;

    private final ImportJobs jobs;
    private final ImportRunner runner;
    private final ContactImporter contacts;
    private final MailImporter mail;
    private final UserService users;
    private final Requests requests;
    private final Path importDir;
    private final long maxUploadBytes;

    public ImportsApi(ImportJobs jobs, ImportRunner runner, ContactImporter contacts, MailImporter mail, UserService users,
                      Requests requests, Path importDir, long maxUploadBytes) {
        this.jobs = jobs;
        this.runner = runner;
        this.contacts = contacts;
        this.mail = mail;
        this.users = users;
        this.requests = requests;
        this.importDir = importDir;
        this.maxUploadBytes = maxUploadBytes;
    }

    record ImportInput(String kind, String path, String owner, String format, Boolean ownersByFolder) {
    }

    record Issue(String item, String reason, Instant at) {
    }

    record Job(long id, String kind, String source, String status, Long ownerId, Long total, long processed,
               Map<String, Long> counts, String error, long issueCount, List<Issue> issues, Instant createdAt,
               Instant updatedAt, Instant finishedAt) {
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/admin/imports", this::list);
        routes.post("/api/v1/admin/imports", this::startFromPath);
        routes.post(UPLOAD_PATH, this::startFromUpload);
        routes.get("/api/v1/admin/imports/{id}", this::get);
    }

    private void list(Context ctx) {
        Requests.admin(ctx);
        int limit = Requests.limit(ctx);
        long before = Cursor.decode(ctx.queryParam("cursor"), 1)[0];
        List<ImportJobRow> rows = jobs.list(before, limit + 1);
        ctx.json(Page.of(rows, limit, r -> Cursor.encode(r.id())).map(r -> view(r, List.of())));
    }

    private void get(Context ctx) {
        Requests.admin(ctx);
        long id = Requests.pathId(ctx, "id");
        ImportJobRow row = jobs.find(id).orElseThrow(() -> ApiException.notFound("import " + id + " does not exist"));
        ctx.json(view(row, jobs.issues(id, 0, ISSUES_SHOWN)));
    }

    private void startFromPath(Context ctx) throws IOException {
        Principal admin = Requests.admin(ctx);
        ImportInput in = requests.body(ctx, ImportInput.class);
        boolean byFolder = Boolean.TRUE.equals(in.ownersByFolder());
        Checks checks = new Checks().require("kind", in.kind()).require("path", in.path())
                .line("kind", in.kind(), 20).line("path", in.path(), 1000).line("owner", in.owner(), 320)
                .line("format", in.format(), 20);
        if (!byFolder) {
            checks.require("owner", in.owner());
        } else if (!"mail".equals(in.kind())) {
            checks.fail("ownersByFolder", "only mail imports can take their owners from the folders");
        }
        checks.throwIfAny();
        Path file = insideImportDir(in.path());
        start(ctx, admin, in.kind(), file, byFolder ? null : in.owner(), in.format());
    }

    private void startFromUpload(Context ctx) throws IOException {
        Principal admin = Requests.admin(ctx);
        String kind = ctx.queryParam("kind");
        String owner = ctx.queryParam("owner");
        String filename = ctx.queryParam("filename");
        new Checks().require("kind", kind).require("owner", owner).require("filename", filename)
                .line("filename", filename, 200).line("owner", owner, 320).throwIfAny();
        Path name = Path.of(filename).getFileName();
        if (name == null) {
            throw ApiException.validation(List.of(new Problem.FieldError("filename", "must end with a file name")));
        }
        String safeName = name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        Path uploads = importDir.resolve("uploads");
        Files.createDirectories(uploads);
        Path target = uploads.resolve(UUID.randomUUID() + "-" + safeName);
        copyLimited(ctx.bodyInputStream(), target);
        ImportJobRow job;
        try {
            job = start(ctx, admin, kind, target, owner, ctx.queryParam("format"));
        } catch (RuntimeException e) {
            // A refused upload leaves nothing behind: uploads can be large, and may hold personal data.
            Files.deleteIfExists(target);
            throw e;
        }
        if (!job.source().contains(target.getFileName().toString())) {
            // The same file was uploaded before: its job answered, this copy is not needed.
            Files.deleteIfExists(target);
        }
    }

    /** {@code ownerEmail} null means the mail folders name their owners (one top-level folder per mailbox). */
    /** Starts (or finds) the import job of {@code file}; answers 202 with it and returns it. */
    private ImportJobRow start(Context ctx, Principal admin, String kind, Path file, String ownerEmail, String format) {
        UserRow owner = ownerEmail == null ? null : users.findByEmail(ownerEmail)
                .orElseThrow(() -> ApiException.unprocessable("owner", "no staff member has the address " + ownerEmail));
        ImportRunner.Task task = switch (kind.toLowerCase(Locale.ROOT)) {
            case "mail" -> {
                MailImportRequest base = owner == null ? MailImportRequest.byFolder(file)
                        : MailImportRequest.forOwner(file, owner.email());
                MailImportRequest request = format == null ? base : base.withFormat(parseMailFormat(format));
                yield progress -> mail.run(request, progress);
            }
            case "contacts" -> {
                if (!Files.isRegularFile(file)) {
                    throw ApiException.unprocessable("path", "an address book import needs a .vcf or .csv file");
                }
                ContactImporter.Format f = format == null ? null : parseContactFormat(format);
                ContactImporter.Request request = new ContactImporter.Request(file, owner.id(), admin.userId(), f, null);
                yield progress -> contacts.run(request, progress);
            }
            default -> throw ApiException.unprocessable("kind", "kind must be 'mail' or 'contacts'");
        };
        long jobId = awaitJob(runner.submit(task));
        ImportJobRow row = jobs.find(jobId).orElseThrow();
        ctx.status(202).header("Location", "/api/v1/admin/imports/" + jobId).json(view(row, List.of()));
        return row;
    }

    private static MailFormat parseMailFormat(String format) {
        try {
            return MailFormat.parse(format);
        } catch (RuntimeException e) {
            throw ApiException.unprocessable("format", e.getMessage());
        }
    }

    private static ContactImporter.Format parseContactFormat(String format) {
        try {
            return ContactImporter.Format.parse(format);
        } catch (RuntimeException e) {
            throw ApiException.unprocessable("format", e.getMessage());
        }
    }

    private static long awaitJob(java.util.concurrent.CompletableFuture<Long> opened) {
        try {
            return opened.get(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw ApiException.unprocessable("path", "the file cannot be imported: " + cause.getMessage());
        } catch (TimeoutException e) {
            throw new ApiException(503, "Import queue busy", "another import is still running; try again when it has finished",
                    null, Map.of("Retry-After", "30"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Shutting down", "the server is stopping", null, Map.of());
        }
    }

    /** Server-side paths are confined to the import folder, so an admin token cannot read the server's own files. */
    private Path insideImportDir(String path) throws IOException {
        Path requested = importDir.resolve(path).normalize();
        if (!requested.startsWith(importDir)) {
            throw ApiException.unprocessable("path", "path must be inside the import folder " + importDir);
        }
        if (!Files.exists(requested)) {
            throw ApiException.unprocessable("path", "no such file or folder in the import folder: "
                    + importDir.relativize(requested));
        }
        Path real = requested.toRealPath();
        if (!real.startsWith(importDir.toRealPath())) {
            throw ApiException.unprocessable("path", "path must be inside the import folder " + importDir);
        }
        return real;
    }

    private void copyLimited(InputStream in, Path target) throws IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                written += n;
                if (written > maxUploadBytes) {
                    out.close();
                    Files.deleteIfExists(target);
                    throw ApiException.tooLarge("upload is larger than " + maxUploadBytes / (1024 * 1024) + " MB");
                }
                out.write(buffer, 0, n);
            }
        }
        if (written == 0) {
            Files.deleteIfExists(target);
            throw ApiException.badRequest("the upload is empty; send the file as the request body");
        }
    }

    private Job view(ImportJobRow r, List<ImportIssueRow> issues) {
        return new Job(r.id(), r.kind(), r.source(), r.status(), r.ownerId(), r.total(), r.processed(),
                ImportCounts.fromJson(r.counts()).asMap(), r.error(), jobs.issueCount(r.id()),
                issues.stream().map(i -> new Issue(i.item(), i.reason(), Instant.ofEpochMilli(i.at()))).toList(),
                Instant.ofEpochMilli(r.createdAt()), Instant.ofEpochMilli(r.updatedAt()),
                r.finishedAt() == null ? null : Instant.ofEpochMilli(r.finishedAt()));
    }
}
