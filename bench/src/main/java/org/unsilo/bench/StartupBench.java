package org.unsilo.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Startup and idle memory (issue 9): the server started through the {@code ./unsilo} launcher, so with exactly the
 * JVM options a person gets, several times on an empty data directory (a first start: schema and first admin) and on
 * a copy of the generated database. Startup is the time from starting the process to the first 200 of
 * {@code GET /ready}; idle memory is the process's resident set ({@code VmRSS} in {@code /proc/PID/status}) after
 * a few requests and a pause. Targets: startup ≤ 1.5 s, idle RSS ≤ 250 MB.
 */
final class StartupBench {

    static final double STARTUP_TARGET_MS = 1_500;
    static final long RSS_TARGET_MB = 250;

    /** Settings from system properties ({@code bench.startups}, {@code bench.settleSeconds}). */
    record Settings(Path launcher, Path serverJar, Path runDir, int starts, int settleSeconds) {
        static Settings fromSystemProperties(Path launcher, Path serverJar, Path runDir) {
            return new Settings(launcher, serverJar, runDir, Integer.getInteger("bench.startups", 7),
                    Integer.getInteger("bench.settleSeconds", 5));
        }
    }

    /** One start: time to the first 200 of /ready, the resident set when idle and at its peak, and the JVM options. */
    record Start(double readyMs, long rssKb, long peakRssKb, String jvmOptions) {
    }

    /** All starts of one kind. */
    record Series(String label, List<Start> starts) {
        double best() {
            return starts.stream().mapToDouble(Start::readyMs).min().orElse(Double.NaN);
        }

        double medianMs() {
            return median(starts.stream().mapToDouble(Start::readyMs).toArray());
        }

        double medianRssMb() {
            return median(starts.stream().mapToDouble(s -> toMb(s.rssKb())).toArray());
        }

        double maxPeakRssMb() {
            return starts.stream().mapToDouble(s -> toMb(s.peakRssKb())).max().orElse(Double.NaN);
        }

        boolean startupPass() {
            return medianMs() <= STARTUP_TARGET_MS;
        }

        boolean rssPass() {
            return medianRssMb() <= RSS_TARGET_MB;
        }
    }

    private final Settings settings;
    private final PrintStream log;

    StartupBench(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    String run(DataGenerator.Summary data, String machine, String loadBefore) throws Exception {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        Path dir = settings.runDir().resolve("startup");
        deleteTree(dir);
        Files.createDirectories(dir);

        prepareClassData();
        List<Start> empty = new ArrayList<>();
        for (int i = 0; i < settings.starts(); i++) {
            // Every start on an empty directory: the first start a new team sees.
            empty.add(start(dir.resolve("empty-" + i), null, "empty-" + i));
        }
        Path db = dir.resolve("unsilo.db");
        Files.copy(data.file(), db, StandardCopyOption.REPLACE_EXISTING);
        // Not measured: a start that applies migrations newer than the generated file, as an upgrade would, once.
        start(dir.resolve("data"), db, "migrate");
        List<Start> full = new ArrayList<>();
        for (int i = 0; i < settings.starts(); i++) {
            full.add(start(dir.resolve("data"), db, "full-" + i));
        }
        deleteTree(dir);
        return section(started, machine, new Series("empty data directory", empty),
                new Series(String.format(Locale.ROOT, "generated database (%,d MB)", Files.size(data.file()) / 1_000_000), full),
                data, loadBefore, Math.round((System.nanoTime() - t0) / 1e9));
    }

    /**
     * Not measured: the launcher's one-time step after a build (its class-data archive, made by a throwaway run), so
     * that the measured starts are the ones a person gets from then on.
     */
    private void prepareClassData() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", settings.launcher().toString(), "--version");
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSILO_"));
        pb.environment().put("UNSILO_JAR", settings.serverJar().toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(settings.runDir().resolve("startup-prepare.log").toFile());
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("the launcher failed to prepare its start; see " + settings.runDir().resolve("startup-prepare.log"));
        }
    }

    /** Starts the launcher, waits for /ready, makes a few requests, lets it settle, reads its memory, stops it. */
    private Start start(Path dataDir, Path db, String name) throws Exception {
        Files.createDirectories(dataDir);
        int port = ServerProcess.freePort();
        List<String> cmd = new ArrayList<>(List.of("bash", settings.launcher().toString(), "serve", "--port", Integer.toString(port)));
        if (db != null) {
            cmd.addAll(List.of("--db-url", "jdbc:sqlite:" + db));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSILO_"));
        pb.environment().put("UNSILO_DATA_DIR", dataDir.toString());
        pb.environment().put("UNSILO_JAR", settings.serverJar().toString());
        pb.redirectErrorStream(true);
        Path out = settings.runDir().resolve("startup-" + name + ".log");
        pb.redirectOutput(out.toFile());
        byte[] ready = HttpLoad.request("GET", "/ready", port, null, null);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            double readyMs = Double.NaN;
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (HttpLoad.Connection c = new HttpLoad.Connection(port)) {
                    if (c.send(ready) == 200) {
                        readyMs = (System.nanoTime() - t0) / 1e6;
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(5);
            }
            if (Double.isNaN(readyMs)) {
                throw new IllegalStateException("the server did not answer 200 on /ready within 120 s; log " + out + ":\n"
                        + Files.readString(out));
            }
            // The launcher execs java: the process is the JVM itself.
            String jvmOptions = jvmOptions(p.pid());
            try (HttpLoad.Connection c = new HttpLoad.Connection(port)) {
                for (String path : List.of("/health", "/ready", "/login", "/api/v1/me", "/static/unsilo.css")) {
                    for (int i = 0; i < 4; i++) {
                        c.send(HttpLoad.request("GET", path, port, null, null));
                    }
                }
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(settings.settleSeconds()));
            long rss = statusKb(p.pid(), "VmRSS:");
            long peak = statusKb(p.pid(), "VmHWM:");
            Start s = new Start(readyMs, rss, peak, jvmOptions);
            log.printf(Locale.ROOT, "  start %-8s ready after %,7.0f ms, idle RSS %,5d MB (peak %,d MB)%n", name, readyMs, Math.round(toMb(rss)),
                    Math.round(toMb(peak)));
            return s;
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The JVM options of a running java process: its command line before {@code -jar}. */
    private static String jvmOptions(long pid) throws IOException {
        String[] args = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).split("\0");
        List<String> opts = new ArrayList<>();
        for (int i = 1; i < args.length && !args[i].equals("-jar"); i++) {
            opts.add(args[i]);
        }
        return opts.isEmpty() ? "(none)" : String.join(" ", opts);
    }

    private static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no " + key);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private String section(Instant started, String machine, Series empty, Series full, DataGenerator.Summary data,
                           String loadBefore, long seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(Report.heading(started).replace("\n\n", " — startup and idle memory\n\n"));
        sb.append("- **Machine:** ").append(machine).append('\n');
        sb.append("- **Code:** ").append(Report.commit()).append("; started through `./unsilo serve` (JVM options `")
                .append(empty.starts().get(0).jvmOptions()).append("`)\n");
        sb.append("- **Data:** ").append(data.describe()).append('\n');
        sb.append(String.format(Locale.ROOT, "- **Method:** %d starts of each kind; startup = process start to the first 200 of"
                + " `GET /ready` (polled every 5 ms); idle RSS = `VmRSS` of the JVM after 20 small requests and %d s idle;"
                + " judged on the median%n", settings.starts(), settings.settleSeconds()));
        sb.append("- **Run time:** ").append(seconds).append(" s; load average (1/5/15 min) before ").append(loadBefore)
                .append(", after ").append(Machine.loadAverage()).append("\n\n");
        sb.append("| figure | best | median | all | target | result |\n|---|---:|---:|---|---|---|\n");
        for (Series s : List.of(empty, full)) {
            sb.append(Report.row("startup to /ready, " + s.label(), ms(s.best()), ms(s.medianMs()),
                    String.join(", ", s.starts().stream().map(x -> String.format(Locale.ROOT, "%.0f", x.readyMs())).toList()) + " ms",
                    "≤ 1.5 s", Report.verdict(s.startupPass())));
        }
        for (Series s : List.of(empty, full)) {
            sb.append(Report.row("idle RSS, " + s.label(), mb(s.starts().stream().mapToDouble(x -> toMb(x.rssKb())).min().orElse(0)),
                    mb(s.medianRssMb()), "peak RSS up to " + mb(s.maxPeakRssMb()), "≤ 250 MB", Report.verdict(s.rssPass())));
        }
        return sb.toString();
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%,.0f ms", v);
    }

    /** Decimal megabytes (the targets' unit) from the kibibytes /proc reports. */
    static double toMb(long kib) {
        return kib * 1024 / 1e6;
    }

    private static String mb(double v) {
        return String.format(Locale.ROOT, "%,.0f MB", v);
    }
}
