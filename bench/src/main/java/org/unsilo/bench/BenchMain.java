package org.unsilo.bench;

import static org.unsilo.bench.Report.ms;
import static org.unsilo.bench.Report.pct;
import static org.unsilo.bench.Report.rate;
import static org.unsilo.bench.Report.row;
import static org.unsilo.bench.Report.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.unsilo.auth.ApiTokens;
import org.unsilo.http.Json;
import org.unsilo.store.Database;

/**
 * Runs every benchmark once and appends the figures to {@code bench/RESULTS.md}: lookup latency and throughput next
 * to a trivial Javalin route, capture throughput next to raw JDBC, all measured in the same run (DESIGN.md §13);
 * then the Enron import next to parsing the same files alone ({@link ImportBench}, its own section).
 *
 * <p>System properties: {@code bench.dir} (default {@code bench}), {@code bench.serverJar} (default
 * {@code server/target/unsilo.jar}), {@code bench.contacts}/{@code bench.messages} (100,000/500,000),
 * {@code bench.scale} (multiplies every request count; 1.0), {@code bench.results} (file to append to;
 * {@code none} to skip), {@code bench.commit} (shown in the results), {@code bench.only} ({@code all}, or
 * {@code lookup}/{@code capture}: partial runs that append nothing, or {@code import}: only the import section, appended
 * unless the import is limited, or {@code pages}/{@code startup}: only that section, appended), and the import's, the
 * page render's and the startup's own settings ({@link ImportBench.Settings}, {@link PageBench.Settings},
 * {@link StartupBench.Settings}).
 */
public final class BenchMain {

    private static final double LOOKUP_P99_TARGET_MS = 10.0;
    private static final double LOOKUP_RATIO_TARGET = 0.25;
    // Issue 9: at 1M contacts / 5M messages.
    private static final double LOOKUP_P99_TARGET_MS_1M = 5.0;
    private static final double LOOKUP_RATIO_TARGET_1M = 0.40;
    private static final double CAPTURE_RATE_TARGET = 1_000;
    private static final double CAPTURE_RATIO_TARGET = 0.20;
    // Issue 9: 64 clients, on SQLite and on PostgreSQL.
    private static final double CAPTURE_RATE_TARGET_64 = 2_000;
    private static final double CAPTURE_RATIO_TARGET_64 = 0.30;

    private final Path benchDir = Path.of(System.getProperty("bench.dir", "bench")).toAbsolutePath().normalize();
    private final Path target = benchDir.resolve("target");
    private final Path runDir = target.resolve("run");
    private final Path serverJar = Path.of(System.getProperty("bench.serverJar",
            benchDir.resolveSibling("server").resolve("target").resolve("unsilo.jar").toString()));
    private final double scale = Double.parseDouble(System.getProperty("bench.scale", "1.0"));
    private final String only = System.getProperty("bench.only", "all");
    private final int waitQuietSeconds = Integer.getInteger("bench.waitQuiet", 0);
    private final List<String> serverOpts = System.getProperty("bench.serverOpts", "").isBlank() ? List.of()
            : List.of(System.getProperty("bench.serverOpts").trim().split("\\s+"));
    private final ObjectMapper json = Json.mapper();
    /** {@code sqlite} (default) or {@code postgres} (an embedded PostgreSQL, {@link BenchPostgres}). */
    private final String dbKind = System.getProperty("bench.db", "sqlite");
    private final boolean postgres = dbKind.equals("postgres");
    private final int captureClients = Integer.getInteger("bench.captureClients", postgres ? 64 : 32);
    private final int contacts = Integer.getInteger("bench.contacts", 100_000);
    /**
     * The server's UNSILO_LOOKUP_CACHE_MB: 1280 holds every contact's card at 100k contacts (~7 KB each with the JSON
     * written of it).
     */
    private final int lookupCacheMb = Integer.getInteger("bench.lookupCacheMb", 1280);
    private final int messages = Integer.getInteger("bench.messages", 500_000);
    private String loadBefore = "";
    private final List<String> phaseLines = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new BenchMain().run();
        System.exit(0);
    }

    private int n(int base) {
        return Math.max(100, (int) Math.round(base * scale));
    }

    private void run() throws Exception {
        if (!List.of("all", "load", "lookup", "capture", "import", "pages", "startup", "sync").contains(only)) {
            throw new IllegalArgumentException("bench.only (BENCH_ONLY) must be all, load, lookup, capture, import, pages, startup or sync, not '"
                    + only + "'");
        }
        if (!List.of("sqlite", "postgres").contains(dbKind)) {
            throw new IllegalArgumentException("bench.db (BENCH_DB) must be sqlite or postgres, not '" + dbKind + "'");
        }
        // The import benchmark writes a SQLite data directory of its own: it is part of the SQLite runs only.
        boolean importToo = !postgres && (only.equals("all") || only.equals("import"));
        ImportBench.Settings settings = ImportBench.Settings.fromSystemProperties(benchDir, waitQuietSeconds);
        if (importToo) {
            EnronCorpus.tarball(settings.shared()); // a missing ../shared fails now, not after the other benchmarks
        }
        if (List.of("all", "load", "lookup", "capture").contains(only)) {
            lookupAndCapture();
        }
        if (only.equals("all") || only.equals("pages")) {
            pages();
        }
        if (only.equals("all") || only.equals("startup")) {
            startup();
        }
        if (!postgres && (only.equals("all") || only.equals("sync"))) {
            // Its own section: in-process, on fresh SQLite databases of its own.
            String load = Machine.waitForQuiet(waitQuietSeconds);
            String section = SyncThroughput.section(Integer.getInteger("bench.syncMessages", 100_000), Machine.describe(), load);
            System.out.println();
            System.out.println(section);
            Report.append(benchDir, section);
        }
        if (importToo) {
            // Its own section: the import has its own baseline and its own verdicts, so it is appended on its own too.
            ImportBench.Outcome outcome = new ImportBench(settings, System.out).run();
            System.out.println();
            System.out.println(outcome.section());
            if (outcome.limited()) {
                System.out.println("bench.importLimit: a limited run, nothing appended");
            } else {
                Report.append(benchDir, outcome.section());
            }
            if (!outcome.allPass()) {
                System.out.println("Some import targets were missed or not judged (see the table above).");
            }
        }
    }

    /** The lookup and capture figures, one section (appended by full runs only). */
    private void lookupAndCapture() throws Exception {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        requireServerJar();
        String machine = Machine.describe();
        System.out.println("Machine: " + machine);

        String check = GeneratorCheck.run(target.resolve("check"), System.out);

        DataGenerator.Summary data = data();

        // Fresh working copies, one at a time: the server's, then, once the server has stopped and its copy is gone,
        // the baselines'. At a million contacts three 7.6 GB files (the generated one and two copies) do not fit this
        // machine's page cache beside the heaps: with both copies made up front the capture writer was off the CPU a
        // third of the time, the machine in iowait (706 captures/s in a probe, 1,099/s with the server's copy alone),
        // and a baseline's copy made while the server's was still there slowed the raw JDBC baseline the same way.
        Files.createDirectories(runDir);
        Path serverDb = runDir.resolve("unsilo.db");
        Path baselineDb = runDir.resolve("raw-baseline.db");
        try (BenchPostgres pg = postgres ? BenchPostgres.start(target.resolve("pg"), runDir.resolve("postgres.log"), System.out) : null) {
            String template = pg == null ? null
                    : pg.template(data, "bench_" + contacts + "c_" + messages + "m_v" + DataGenerator.VERSION);
            String serverUrl = pg == null ? sqliteCopy(data, serverDb) : pg.freshCopy(template, "bench_server");
            Callable<String> baselineCopy = () -> {
                if (pg == null) {
                    deleteSqlite(serverDb);
                    return sqliteCopy(data, baselineDb);
                }
                pg.drop("bench_server");
                return pg.freshCopy(template, "bench_raw");
            };
            lookupAndCapture(t0, started, machine, check, data, serverUrl, baselineCopy);
        }
        if (!postgres) {
            for (Path p : List.of(serverDb, baselineDb)) {
                deleteSqlite(p);
            }
        }
    }

    /** A fresh copy of the generated database at {@code copy}; its JDBC URL. */
    private static String sqliteCopy(DataGenerator.Summary data, Path copy) throws IOException {
        deleteSqlite(copy);
        Files.copy(data.file(), copy, StandardCopyOption.REPLACE_EXISTING);
        return "jdbc:sqlite:" + copy;
    }

    private static void deleteSqlite(Path file) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    private void lookupAndCapture(long t0, Instant started, String machine, String check, DataGenerator.Summary data,
                                  String serverUrl, Callable<String> baselineCopy) throws Exception {
        // One API token per staff member (user 1 is an admin), made before the server starts.
        List<String> tokens = new ArrayList<>();
        try (Database db = Database.open(serverUrl)) {
            ApiTokens apiTokens = new ApiTokens(db, Clock.systemUTC());
            for (int u = 1; u <= 20; u++) {
                tokens.add(apiTokens.create(u, "bench").secret());
            }
        }
        Workload workload = new Workload(data.file()); // the generated rows, the same in every working copy
        String runId = Long.toString(System.currentTimeMillis(), 36);
        // The server's capture rate climbs for ~10,000 captures at a million contacts while the writer's index pages
        // come into memory (521/s in the first 5,000 after a 1,000 warm-up, ~800/s from the 11,000th on), and at 100k
        // for ~40 s while the JIT compiler still compiles the capture path (~0.4 of a core; bench/README.md): 30,000
        // captures, ~35 s at 100k, where 10,000 left it compiling through the measured phase.
        int captureWarmup = n(30_000);
        int captureMeasured = n(20_000);
        List<Workload.CaptureSpec> captures = workload.captures(captureWarmup + captureMeasured, runId, 4242);

        loadBefore = Machine.waitForQuiet(waitQuietSeconds);
        int helloPort = ServerProcess.freePort();
        int unsiloPort = ServerProcess.freePort();
        Figures f = new Figures();
        List<String> unsiloArgs = new ArrayList<>(serverOpts);
        unsiloArgs.addAll(List.of("-jar", serverJar.toString(), "serve", "--db-url", serverUrl,
                "--port", Integer.toString(unsiloPort)));
        try (ServerProcess hello = ServerProcess.start("hello", List.of("-cp", System.getProperty("java.class.path"),
                HelloServer.class.getName(), Integer.toString(helloPort)), Map.of(), runDir.resolve("hello-server.log"), helloPort);
             ServerProcess unsilo = ServerProcess.start("unsilo", unsiloArgs,
                     Map.of("UNSILO_DATA_DIR", runDir.resolve("data").toString(),
                             "UNSILO_LOOKUP_CACHE_MB", Integer.toString(lookupCacheMb)), runDir.resolve("unsilo-server.log"), unsiloPort)) {
            System.out.println("Started " + hello + " and " + unsilo);
            if (!only.equals("capture")) {
                lookups(f, workload, tokens, hello, unsilo);
            }
            if (!only.equals("lookup")) {
                captures(f, captures, captureWarmup, captureMeasured, tokens, unsilo);
            }
        }
        // After the server has stopped: the captured messages, counted in its database, which then makes room for the
        // baselines' copy.
        if (!only.equals("lookup")) {
            try (Connection c = DriverManager.getConnection(serverUrl); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM message WHERE internet_message_id LIKE '<bench-" + runId + "-%'")) {
                rs.next();
                f.captureStoredInFile = rs.getLong(1);
            }
        }
        String baselineUrl = baselineCopy.call();
        if (f.lookupAddresses != null) {
            // On the baseline's copy, still as generated: the measured lookups' reads, after a warm-up of their own.
            try (LookupReadsBaseline reads = new LookupReadsBaseline(baselineUrl)) {
                record(reads.run("lookup reads alone, warm-up", f.lookupAddresses, 0, n(20_000)));
                f.lookupReads = record(reads.run("lookup reads alone", f.lookupAddresses, f.lookupsMeasuredFrom, f.lookupsMeasured));
            }
        }
        if (!only.equals("all") && !only.equals("load")) {
            System.out.println("bench.only=" + only + ": partial run, nothing appended");
            return;
        }

        // Raw JDBC baseline on its own copy of the same database.
        try (RawCaptureBaseline raw = new RawCaptureBaseline(baselineUrl, workload.staff)) {
            long before = raw.count("SELECT COUNT(*) FROM message");
            record(raw.run("raw JDBC capture warm-up", captureClients, captures, 0, captureWarmup));
            f.rawCapture = record(raw.run("raw JDBC capture", captureClients, captures, captureWarmup, captureMeasured));
            f.rawStored = raw.count("SELECT COUNT(*) FROM message") - before;
        }

        String loadAfter = Machine.loadAverage();
        long seconds = Math.round((System.nanoTime() - t0) / 1e9);
        String section = f.section(started, machine, data, check, captureWarmup + captureMeasured, seconds, loadAfter);
        System.out.println();
        System.out.println(section);
        Report.append(benchDir, section);
        if (!f.allPass(captureWarmup + captureMeasured)) {
            System.out.println("Some targets were missed (see the table above).");
        }
    }

    /** The generated database (made once, then cached in {@code target/data}). */
    private DataGenerator.Summary data() throws Exception {
        DataGenerator.Summary data = new DataGenerator(new DataGenerator.Sizes(contacts, messages, 20), DataGenerator.DEFAULT_SEED,
                System.out).ensure(target.resolve("data"));
        System.out.println("Data: " + data.describe());
        return data;
    }

    /** Page render (issue 8): its own section, appended by full runs and by {@code bench.only=pages}. */
    private void pages() throws Exception {
        requireServerJar();
        String machine = Machine.describe();
        DataGenerator.Summary data = data();
        String load = Machine.waitForQuiet(waitQuietSeconds);
        String section = new PageBench(PageBench.Settings.fromSystemProperties(serverJar, runDir, serverOpts), System.out)
                .run(data, machine, load);
        System.out.println();
        System.out.println(section);
        Report.append(benchDir, section);
    }

    /** Startup and idle memory (issue 9) through the {@code ./unsilo} launcher: its own section. */
    private void startup() throws Exception {
        requireServerJar();
        String machine = Machine.describe();
        DataGenerator.Summary data = data();
        String load = Machine.waitForQuiet(waitQuietSeconds);
        Path launcher = benchDir.resolveSibling("unsilo");
        String section = new StartupBench(StartupBench.Settings.fromSystemProperties(launcher, serverJar, runDir), System.out)
                .run(data, machine, load);
        System.out.println();
        System.out.println(section);
        Report.append(benchDir, section);
    }

    private void requireServerJar() {
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalStateException("server jar " + serverJar + " is missing; build it first (bench/run does)");
        }
    }

    /** Runs one load phase against {@code server}, adding the server's CPU time per request to the result. */
    private HttpLoad.Result phase(ServerProcess server, Phase run) throws Exception {
        long before = server.cpuMillis();
        HttpLoad.Result r = run.run();
        long after = server.cpuMillis();
        return record(before >= 0 && after >= 0 ? r.withServerCpu(after - before) : r);
    }

    private interface Phase {
        HttpLoad.Result run() throws Exception;
    }

    private HttpLoad.Result record(HttpLoad.Result r) {
        System.out.println(r.line());
        phaseLines.add(r.line());
        return r;
    }

    private void lookups(Figures f, Workload workload, List<String> tokens, ServerProcess hello, ServerProcess unsilo) throws Exception {
        int helloPort = hello.port;
        int unsiloPort = unsilo.port;
        byte[] helloRequest = HttpLoad.request("GET", "/bench/hello", helloPort, null, null);
        Random rnd = new Random(99);
        // The server's CPU per lookup keeps falling for ~250,000 lookups at 100k contacts: the lookup cache fills with
        // the first ~100,000 (5 addresses each, drawn at random), then the JIT compiles the path that answers from it
        // (~2.1 ms → 0.58 → 0.36 → 0.31 → 0.28 ms in rounds of 40,000; bench/README.md), and at 50 clients it compiles
        // again (JIT time per 50,000 lookups at 50 clients: 7.8 s, 5.6 s, 3.4 s, then ~0.2 s per measured phase;
        // bench/README.md). The measured phases start after that, the warm-up ending with 150,000 lookups at the
        // throughput phase's 50 clients, and the hello route's warm-up is as long. Each phase has its own slice of the
        // pool, so no measured lookup repeats one from the warm-up.
        int warmup8 = n(100_000);
        int warmup50 = n(150_000);
        int warmup = warmup8 + warmup50;
        int latency = n(20_000);
        int throughput = n(40_000);
        int pool = warmup + latency + throughput;
        byte[][] lookups = new byte[pool][];
        List<List<String>> addresses = new ArrayList<>(pool);
        for (int i = 0; i < pool; i++) {
            addresses.add(workload.lookupAddresses(rnd, 5));
            lookups[i] = HttpLoad.request("POST", "/api/v1/lookup", unsiloPort, tokens.get(i % tokens.size()),
                    Workload.lookupBody(addresses.get(i)));
        }
        f.lookupAddresses = addresses;
        f.lookupsMeasuredFrom = warmup;
        f.lookupsMeasured = latency + throughput;
        // Sanity: a lookup answers five known results.
        try (HttpLoad.Connection c = new HttpLoad.Connection(unsiloPort)) {
            int status = c.send(lookups[0]);
            JsonNode results = json.readTree(c.lastBody()).path("results");
            int known = 0;
            for (JsonNode r : results) {
                known += r.path("known").asBoolean() ? 1 : 0;
            }
            if (status != 200 || results.size() != 5 || known != 5) {
                throw new IllegalStateException("lookup sanity check failed: " + status + " " + c.lastBody());
            }
            f.lookupSampleBytes = c.lastBody().length();
            JsonNode first = results.get(0);
            f.lookupSample = "knownBy " + first.path("knownBy").size() + ", recentConversations " + first.path("recentConversations").size();
        }

        phase(hello, () -> HttpLoad.run("hello warm-up", 8, helloPort, n(250_000), i -> helloRequest));
        phase(unsilo, () -> HttpLoad.run("lookup warm-up", 8, unsiloPort, warmup8, i -> lookups[i]));
        phase(unsilo, () -> HttpLoad.run("lookup warm-up, 50 clients", 50, unsiloPort, warmup50, i -> lookups[warmup8 + i]));

        f.helloLatency = phase(hello, () -> HttpLoad.run("hello, latency", 8, helloPort, n(20_000), i -> helloRequest));
        long[] cardsBefore = lookupCards(unsiloPort, tokens.get(0));
        f.lookupLatency = phase(unsilo, () -> HttpLoad.run("lookup (5 addresses), latency", 8, unsiloPort, latency,
                i -> lookups[warmup + i]));
        f.helloThroughput = phase(hello, () -> HttpLoad.run("hello, throughput", 50, helloPort, n(40_000), i -> helloRequest));
        f.lookupThroughput = phase(unsilo, () -> HttpLoad.run("lookup (5 addresses), throughput", 50, unsiloPort, throughput,
                i -> lookups[warmup + latency + i]));
        long[] cardsAfter = lookupCards(unsiloPort, tokens.get(0));
        f.cardsCached = cardsAfter[0] - cardsBefore[0];
        f.cardsRead = cardsAfter[1] - cardsBefore[1];
    }

    /** The server's count of contacts answered from memory and read from the database so far ({@code /metrics}). */
    private static long[] lookupCards(int port, String adminToken) throws IOException {
        long[] counts = new long[2];
        for (String line : get(port, adminToken, "/metrics").split("\n")) {
            if (line.startsWith("unsilo_lookup_cards_cached_total ")) {
                counts[0] = (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            } else if (line.startsWith("unsilo_lookup_cards_read_total ")) {
                counts[1] = (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        return counts;
    }

    /** The body of {@code GET path}, which must answer 200. */
    private static String get(int port, String token, String path) throws IOException {
        try (HttpLoad.Connection c = new HttpLoad.Connection(port)) {
            int status = c.send(HttpLoad.request("GET", path, port, token, null));
            if (status != 200) {
                throw new IllegalStateException("GET " + path + " answered " + status + ": " + c.lastBody());
            }
            return c.lastBody();
        }
    }

    private void captures(Figures f, List<Workload.CaptureSpec> specs, int warmup, int measured, List<String> tokens,
                          ServerProcess unsilo) throws Exception {
        int port = unsilo.port;
        String admin = tokens.get(0);
        f.messagesBefore = stats(port, admin).path("messages").asLong();
        byte[][] requests = new byte[specs.size()][];
        for (int i = 0; i < specs.size(); i++) {
            Workload.CaptureSpec s = specs.get(i);
            requests[i] = HttpLoad.request("POST", "/api/v1/captures", port, tokens.get((int) s.capturedBy() - 1),
                    Workload.captureBody(json, s));
        }
        HttpLoad.Result w = phase(unsilo, () -> HttpLoad.run("capture warm-up", captureClients, port, warmup, i -> requests[i]));
        f.capture = phase(unsilo, () -> HttpLoad.run("capture", captureClients, port, measured, i -> requests[warmup + i]));
        f.capture2xx = w.count2xx() + f.capture.count2xx();
        f.captureCreated = w.statuses().getOrDefault(201, 0) + f.capture.statuses().getOrDefault(201, 0);
        f.messagesAfter = stats(port, admin).path("messages").asLong();
    }

    private JsonNode stats(int port, String token) throws IOException {
        return json.readTree(get(port, token, "/api/v1/admin/stats"));
    }

    /** Everything the results section reports. */
    private final class Figures {
        HttpLoad.Result helloLatency;
        HttpLoad.Result lookupLatency;
        HttpLoad.Result helloThroughput;
        HttpLoad.Result lookupThroughput;
        HttpLoad.Result capture;
        HttpLoad.Result rawCapture;
        /** The lookups' addresses, warm-up first; the measured ones from {@code lookupsMeasuredFrom}. */
        List<List<String>> lookupAddresses;
        int lookupsMeasuredFrom;
        int lookupsMeasured;
        HttpLoad.Result lookupReads;
        int lookupSampleBytes;
        String lookupSample;
        long cardsCached;
        long cardsRead;
        long messagesBefore;
        long messagesAfter;
        long capture2xx;
        long captureCreated;
        long captureStoredInFile;
        long rawStored;

        /** Issue 9's lookup targets apply from a million contacts on, issue 3's below. */
        boolean millionScale() {
            return contacts >= 1_000_000;
        }

        double lookupP99Target() {
            return millionScale() ? LOOKUP_P99_TARGET_MS_1M : LOOKUP_P99_TARGET_MS;
        }

        double lookupRatioTarget() {
            return millionScale() ? LOOKUP_RATIO_TARGET_1M : LOOKUP_RATIO_TARGET;
        }

        boolean lookupP99Pass() {
            return lookupLatency.errors() == 0 && lookupLatency.percentileMs(99) <= lookupP99Target();
        }

        double lookupRatio() {
            return lookupThroughput.perSecond() / helloThroughput.perSecond();
        }

        boolean lookupRatioPass() {
            return lookupThroughput.errors() == 0 && lookupRatio() >= lookupRatioTarget();
        }

        double captureRatio() {
            return capture.perSecond() / rawCapture.perSecond();
        }

        double captureRateTarget() {
            return captureClients >= 64 ? CAPTURE_RATE_TARGET_64 : CAPTURE_RATE_TARGET;
        }

        double captureRatioTarget() {
            return captureClients >= 64 ? CAPTURE_RATIO_TARGET_64 : CAPTURE_RATIO_TARGET;
        }

        boolean captureRatePass() {
            return capture.perSecond() >= captureRateTarget();
        }

        boolean captureRatioPass() {
            return captureRatio() >= captureRatioTarget();
        }

        /** Acknowledged (2xx) but not stored; also any stored count that disagrees with the acknowledgements. */
        long lost() {
            return Math.max(capture2xx - (messagesAfter - messagesBefore), capture2xx - captureStoredInFile);
        }

        boolean zeroLost(long sent) {
            return capture2xx == sent && messagesAfter - messagesBefore == capture2xx && captureStoredInFile == capture2xx;
        }

        boolean allPass(long sent) {
            return lookupP99Pass() && lookupRatioPass() && captureRatePass() && captureRatioPass() && zeroLost(sent);
        }

        String section(Instant started, String machine, DataGenerator.Summary data, String check, long capturesSent, long seconds,
                       String loadAfter) {
            boolean zeroLost = zeroLost(capturesSent);
            StringBuilder sb = new StringBuilder();
            sb.append(postgres ? Report.heading(started).replaceFirst("\n\n$", " — lookup and capture on PostgreSQL\n\n")
                    : Report.heading(started));
            sb.append("- **Machine:** ").append(machine).append('\n');
            sb.append("- **Database:** ").append(postgres
                    ? "PostgreSQL (embedded, zonky binaries; durable defaults: fsync on, synchronous_commit on; shared_buffers"
                    + " 512MB), data copied from the generated SQLite file with COPY into a template database, fresh copies"
                    + " per run; the server's pools (8 read, 16 write connections), the raw baseline on 16 connections"
                    : "SQLite file (WAL, synchronous=NORMAL: a committed capture survives a killed process, not a power cut)")
                    .append('\n');
            sb.append("- **Code:** ").append(Report.commit())
                    .append("; Unsilo server and baseline server each in their own JVM (`")
                    .append(String.join(" ", ServerProcess.SERVER_JVM_OPTIONS))
                    .append("`, default logging), load client in the bench JVM on 127.0.0.1 (keep-alive HTTP/1.1, closed loop)\n");
            sb.append("- **Data:** ").append(data.describe()).append(data.reused() ? " (cached database reused; generated in "
                    : " (generated in ").append(data.seconds()).append(" s)\n");
            sb.append("- **Generator check:** ").append(check).append('\n');
            sb.append("- **Lookup sample:** 200 with 5 known results, ").append(String.format(Locale.ROOT, "%,d", lookupSampleBytes))
                    .append(" bytes; first result: ").append(lookupSample).append('\n');
            sb.append("- **Run time:** ").append(seconds).append(" s; load average (1/5/15 min) before the servers started ")
                    .append(loadBefore).append(", after the last phase ").append(loadAfter)
                    .append(" (other work on the machine would skew every figure)\n\n");

            sb.append(Report.TABLE_HEADER);
            sb.append(row("lookup p50, 8 clients", ms(lookupLatency.percentileMs(50)), "hello route " + ms(helloLatency.percentileMs(50)),
                    "", "(reported)", ""));
            sb.append(row("lookup p99, 8 clients", ms(lookupLatency.percentileMs(99)), "hello route " + ms(helloLatency.percentileMs(99)),
                    "", "≤ " + ms(lookupP99Target()), verdict(lookupP99Pass())));
            sb.append(row("lookup throughput, 50 clients", rate(lookupThroughput.perSecond(), "req/s"),
                    "hello route " + rate(helloThroughput.perSecond(), "req/s"), pct(lookupRatio()), "≥ " + Math.round(lookupRatioTarget() * 100) + " % of hello",
                    verdict(lookupRatioPass())));
            sb.append(row("server CPU per lookup, 50 clients", String.format(Locale.ROOT, "%,.0f µs", lookupThroughput.serverCpuMicrosPerRequest()),
                    String.format(Locale.ROOT, "hello route %,.0f µs", helloThroughput.serverCpuMicrosPerRequest()),
                    pct(helloThroughput.serverCpuMicrosPerRequest() / lookupThroughput.serverCpuMicrosPerRequest()), "(reported)", ""));
            sb.append(row("contacts of measured lookups answered from memory", pct(cardsCached / (double) Math.max(1, cardsCached + cardsRead)),
                    String.format(Locale.ROOT, "%,d from memory, %,d read (%s)", cardsCached, cardsRead, postgres
                            ? "no cache on PostgreSQL" : String.format(Locale.ROOT, "cache %,d MB", lookupCacheMb)),
                    "", "(reported)", ""));
            sb.append(row("lookup reads alone, " + LookupReadsBaseline.THREADS + " threads (no HTTP, JSON or cache)",
                    rate(lookupReads.perSecond(), "lookups/s"), "hello route " + rate(helloThroughput.perSecond(), "req/s"),
                    pct(lookupReads.perSecond() / helloThroughput.perSecond()), "(reported)", ""));
            sb.append(row("capture throughput, " + captureClients + " clients", rate(capture.perSecond(), "captures/s"),
                    "raw JDBC " + rate(rawCapture.perSecond(), "captures/s"), pct(captureRatio()),
                    String.format(Locale.ROOT, "≥ %,.0f captures/s", captureRateTarget()), verdict(captureRatePass())));
            sb.append(row("capture vs raw JDBC", pct(captureRatio()), "raw JDBC 100 %", pct(captureRatio()),
                    String.format(Locale.ROOT, "≥ %.0f %% of raw", captureRatioTarget() * 100), verdict(captureRatioPass())));
            sb.append(row("server CPU per capture, " + captureClients + " clients",
                    String.format(Locale.ROOT, "%.2f ms", capture.serverCpuMicrosPerRequest() / 1000), "", "", "(reported)", ""));
            sb.append(row("captures lost (2xx but not stored)", String.format(Locale.ROOT, "%,d of %,d 2xx (%,d not 2xx)", lost(),
                            capture2xx, capturesSent - capture2xx),
                    String.format(Locale.ROOT, "raw JDBC stored %,d of %,d", rawStored, capturesSent), "", "0", verdict(zeroLost)));
            sb.append('\n');
            sb.append(String.format(Locale.ROOT, "Captures: %,d sent, %,d answered 2xx (%,d × 201 created); messages %,d → %,d"
                            + " (+%,d) by `GET /api/v1/admin/stats`; %,d of this run's Message-IDs found in the %s after the server stopped.%n%n",
                    capturesSent, capture2xx, captureCreated, messagesBefore, messagesAfter, messagesAfter - messagesBefore,
                    captureStoredInFile, postgres ? "database" : "file"));
            sb.append("<details><summary>All load phases</summary>\n\n```\n");
            phaseLines.forEach(l -> sb.append(l).append('\n'));
            sb.append("```\n</details>\n");
            return sb.toString();
        }
    }
}
