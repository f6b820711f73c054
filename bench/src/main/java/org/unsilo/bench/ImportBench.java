package org.unsilo.bench;

import static org.unsilo.bench.Report.mib;
import static org.unsilo.bench.Report.pct;
import static org.unsilo.bench.Report.rate;
import static org.unsilo.bench.Report.row;
import static org.unsilo.bench.Report.verdict;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import org.unsilo.importer.ImportProgress;
import org.unsilo.importer.mail.MailImportReport;
import org.unsilo.importer.mail.MailImportRequest;
import org.unsilo.importer.mail.MailImporter;

/**
 * The Enron import (issue 4): the shared corpus imported the way {@code unsilo import mail PATH --owners-by-folder}
 * does it (UNSILO_INTERNAL_DOMAINS=enron.com, a fresh SQLite data directory), next to parsing the same files with Angus
 * Mail alone ({@link ParseOnlyBaseline}), both in this JVM and this run, so that a busy machine slows both sides.
 * Reports messages per second, their ratio and the peak heap of each side, as a section of its own.
 */
final class ImportBench {

    static final double RATE_TARGET = 3_000;
    static final double RATIO_TARGET = 0.40;
    static final String INTERNAL_DOMAIN = "enron.com";

    /**
     * Where and how much: {@code bench.shared} (the shared folder; default {@code ../shared} beside the repo),
     * {@code bench.importLimit} (import only about this many files, for checking the benchmark itself; 0 = all) and
     * {@code bench.importRounds} (full imports, each from scratch; the best one is reported; default 5).
     */
    record Settings(Path work, Path shared, int limit, int rounds, int waitQuietSeconds) {
        Settings {
            if (limit < 0 || rounds < 1) {
                throw new IllegalArgumentException("bench.importLimit must be ≥ 0 and bench.importRounds ≥ 1, not " + limit
                        + " and " + rounds);
            }
        }

        static Settings fromSystemProperties(Path benchDir, int waitQuietSeconds) {
            String shared = System.getProperty("bench.shared", benchDir.getParent().resolveSibling("shared").toString());
            return new Settings(benchDir.resolve("target").resolve("import"), Path.of(shared).toAbsolutePath().normalize(),
                    Integer.getInteger("bench.importLimit", 0), Integer.getInteger("bench.importRounds", 5), waitQuietSeconds);
        }
    }

    /** The section for RESULTS.md; whether every target was met; a limited run is neither judged nor appended. */
    record Outcome(String section, boolean allPass, boolean limited) {
    }

    /** One full import: the importer's own report, and how long its store pipeline (after learning the owners) took. */
    private record Round(int number, MailImportReport report, long pipelineNanos) {
        double perSecond() {
            return report.rate();
        }

        String line() {
            double seconds = report.elapsed().toNanos() / 1e9;
            return String.format(Locale.ROOT, "%-22s %,7d messages %7.2f s %,8.0f messages/s  (store pipeline alone %,.0f messages/s;"
                            + " owners learned in %.2f s; the files are counted alongside the store pipeline)", "import, round " + number, report.processedNow(), seconds,
                    perSecond(), report.processedNow() / (pipelineNanos / 1e9), seconds - pipelineNanos / 1e9);
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final List<String> passLines = new ArrayList<>();

    ImportBench(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    Outcome run() throws Exception {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        String machine = Machine.describe();
        out.println("Import benchmark. Machine: " + machine);
        EnronCorpus.Tree whole = EnronCorpus.unpack(EnronCorpus.tarball(settings.shared()), settings.work());
        boolean limited = settings.limit() > 0 && settings.limit() < whole.files().size();
        EnronCorpus.Tree corpus = limited ? EnronCorpus.sample(whole, settings.limit(), settings.work()) : whole;
        out.printf(Locale.ROOT, "Corpus: %,d files, %,d bytes in %s (%s)%n", corpus.files().size(), corpus.bytes(), corpus.maildir(),
                corpus.origin());

        String loadBefore = Machine.waitForQuiet(settings.waitQuietSeconds());

        // Baseline first: a warm-up pass for the JIT (and the page cache), then as many timed passes as the import
        // has rounds, the best kept: both sides of the ratio are judged at their steady state, warmed alike.
        ParseOnlyBaseline baseline = new ParseOnlyBaseline();
        resetHeapPeaks();
        record("parse only, warm-up", baseline.run(corpus.files()));
        ParseOnlyBaseline.Pass parse = null;
        for (int i = 1; i <= settings.rounds(); i++) {
            ParseOnlyBaseline.Pass pass = record("parse only, pass " + i, baseline.run(corpus.files()));
            if (parse == null || pass.perSecond() > parse.perSecond()) {
                parse = pass;
            }
        }
        long parseHeap = heapPeak();

        resetHeapPeaks();
        List<Round> rounds = new ArrayList<>();
        for (int i = 1; i <= settings.rounds(); i++) {
            Round r = importOnce(corpus, i);
            out.println(r.line());
            passLines.add(r.line());
            rounds.add(r);
        }
        long importHeap = heapPeak();
        Round best = rounds.stream().max(Comparator.comparingDouble(Round::perSecond)).orElseThrow();
        Round first = rounds.get(0);

        String loadAfter = Machine.loadAverage();
        long seconds = Math.round((System.nanoTime() - t0) / 1e9);
        double ratio = best.perSecond() / parse.perSecond();
        boolean ratePass = best.perSecond() >= RATE_TARGET;
        boolean ratioPass = ratio >= RATIO_TARGET;

        StringBuilder sb = new StringBuilder();
        sb.append(Report.heading(started).replace(" UTC\n", " UTC — Enron import\n"));
        if (limited) {
            sb.append(String.format(Locale.ROOT, "**Limited run** (`BENCH_IMPORT_LIMIT=%d`): %,d of the %,d files; the figures are not "
                    + "comparable with full runs, not judged and not appended to RESULTS.md.%n%n", settings.limit(), corpus.files().size(), whole.files().size()));
        }
        sb.append("- **Machine:** ").append(machine).append('\n');
        sb.append("- **Code:** ").append(Report.commit()).append("; everything in the bench JVM (`").append(String.join(" ", heapOptions()))
                .append("`): the import through `MailImporter` as `unsilo import mail PATH --owners-by-folder` runs it (`")
                .append(ConfigLoader.INTERNAL_DOMAINS).append('=').append(INTERNAL_DOMAIN).append("`, a fresh SQLite data directory per round, ")
                .append(MailImportRequest.defaultParseThreads()).append(MailImportRequest.defaultParseThreads() == 1 ? " parse thread" : " parse threads")
                .append(" + 1 writer, batches of ")
                .append(MailImportRequest.DEFAULT_BATCH_SIZE).append(", no progress bar)\n");
        sb.append(String.format(Locale.ROOT, "- **Corpus:** %,d message files, %,.1f MB, %s%n", corpus.files().size(), corpus.bytes() / 1e6,
                corpus.origin()));
        sb.append("- **Baseline:** Angus Mail alone on one thread, the same files read from disk: headers, addresses, date and text "
                + "of each message (a warm-up pass, then one timed pass per import round, the best kept)\n");
        sb.append(String.format(Locale.ROOT, "- **Rounds:** %s; every round below%n", settings.rounds() == 1 ? "one import"
                : "the best of " + settings.rounds() + " imports in one JVM, each into a new database (the JIT warms up over the first "
                        + "rounds: the import runs through far more code than parsing alone; the first round is reported too)"));
        sb.append("- **Run time:** ").append(seconds).append(" s; load average (1/5/15 min) before ").append(loadBefore)
                .append(", after ").append(loadAfter).append(" (other work on the machine would skew every figure)\n\n");

        sb.append(Report.TABLE_HEADER);
        sb.append(row("Enron import, --owners-by-folder", rate(best.perSecond(), "messages/s"),
                "parse only " + rate(parse.perSecond(), "messages/s"), pct(ratio), "≥ 3,000 messages/s", judged(limited, ratePass)));
        sb.append(row("import vs parse only", pct(ratio), "parse only 100 %", pct(ratio), "≥ 40 % of parse only", judged(limited, ratioPass)));
        if (settings.rounds() > 1) {
            sb.append(row("first import (a cold JVM, as one `unsilo import mail` run)", rate(first.perSecond(), "messages/s"),
                    "parse only " + rate(parse.perSecond(), "messages/s"), pct(first.perSecond() / parse.perSecond()), "(reported)", ""));
        }
        sb.append(row("peak heap (sum of heap pool peaks)", mib(importHeap), "parse only " + mib(parseHeap), "", "(reported)", ""));
        sb.append('\n');
        MailImportReport r = best.report();
        sb.append(String.format(Locale.ROOT, "Import (round %d): %,d files read, %,d messages found: %,d new, %,d duplicates folded, %,d skipped; "
                        + "%,d contacts and %,d organisations created; %,d staff accounts with %,d addresses learned.%n%n", best.number(),
                r.count(MailImportReport.FILES_READ), r.count(MailImportReport.MESSAGES_FOUND), r.count(MailImportReport.MESSAGES_NEW),
                r.count(MailImportReport.MESSAGES_DUPLICATE), r.count(MailImportReport.SKIPPED), r.count(MailImportReport.CONTACTS_CREATED),
                r.count(MailImportReport.ORGANIZATIONS_CREATED), r.count(MailImportReport.USERS_CREATED),
                r.count(MailImportReport.ALIASES_LEARNED)));
        sb.append("<details><summary>All passes</summary>\n\n```\n");
        passLines.forEach(l -> sb.append(l).append('\n'));
        sb.append("```\n</details>\n");
        return new Outcome(sb.toString(), !limited && ratePass && ratioPass, limited);
    }

    private ParseOnlyBaseline.Pass record(String name, ParseOnlyBaseline.Pass p) {
        String line = String.format(Locale.ROOT, "%-22s %,7d messages %7.2f s %,8.0f messages/s  (%,d characters of text)", name,
                p.messages(), p.nanos() / 1e9, p.perSecond(), p.textChars());
        out.println(line);
        passLines.add(line);
        return p;
    }

    /** One import into a fresh data directory, removed afterwards. */
    private Round importOnce(EnronCorpus.Tree corpus, int number) throws Exception {
        Path data = settings.work().resolve("data");
        EnronCorpus.deleteTree(data);
        var config = new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, data.toString(),
                ConfigLoader.INTERNAL_DOMAINS, INTERNAL_DOMAIN));
        try (App app = new App(config, Clock.systemUTC())) {
            MailImporter importer = new MailImporter(app.captures(), app.users(), app.importJobs(), app.db());
            PipelineTimer timer = new PipelineTimer();
            MailImportReport report = importer.run(MailImportRequest.byFolder(corpus.maildir()), timer);
            if (report.outcome() != MailImportReport.Outcome.DONE || report.count(MailImportReport.FILES_READ) != corpus.files().size()) {
                throw new IllegalStateException("import round " + number + " ended " + report.outcome() + " after reading "
                        + report.count(MailImportReport.FILES_READ) + " of " + corpus.files().size() + " files: " + report.counts());
            }
            return new Round(number, report, timer.stopped - timer.started);
        } finally {
            EnronCorpus.deleteTree(data);
        }
    }

    /** The time from the start of the store pipeline (owners known; the files are counted alongside it) to its end. */
    private static final class PipelineTimer implements ImportProgress {
        long started;
        long stopped;

        @Override
        public void start(String task, long total, long alreadyDone) {
            started = System.nanoTime();
        }

        @Override
        public void close() {
            stopped = System.nanoTime();
        }
    }

    private static List<String> heapOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-X")).toList();
    }

    private static String judged(boolean limited, boolean pass) {
        return limited ? "(limited run)" : verdict(pass);
    }

    // Each phase starts from a collected heap, so that its peak is its own. The pools peak at different moments, so
    // their sum is an upper bound, and it includes garbage not yet collected: G1 lets the young generation grow.
    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
