package org.unsilo.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Page render (issue 8): the Unsilo server on a copy of the generated database, an admin signed in through the
 * sign-in form, then every web page requested one after another, round after round (warm-up rounds first), recording
 * the server's own time from its {@code Server-Timing: app;dur=…} header and the time the client saw. Each page is
 * judged by its server-time p95 against 150 ms. The CSV/vCard downloads stream (a large one has sent its headers
 * before it ends, so it has no server time): their client time is reported, not judged.
 */
final class PageBench {

    static final double TARGET_MS = 150;
    static final String PASSWORD = "bench-page-render-password";
    private static final Pattern OLDER = Pattern.compile("/contacts/\\d+/timeline\\?before=[0-9-]+");

    /** Settings from system properties ({@code bench.pageRounds}, {@code bench.pageWarmup}). */
    record Settings(Path serverJar, Path runDir, List<String> serverOpts, int rounds, int warmup, int downloadRounds) {
        static Settings fromSystemProperties(Path serverJar, Path runDir, List<String> serverOpts) {
            return new Settings(serverJar, runDir, serverOpts, Integer.getInteger("bench.pageRounds", 20),
                    Integer.getInteger("bench.pageWarmup", 3), Integer.getInteger("bench.downloadRounds", 3));
        }
    }

    /** A page and the figures measured for it. */
    record Page(String label, String path, boolean download, List<Double> serverMs, List<Double> cpuMs, List<Double> clientMs,
                long[] bytes) {
        Page(String label, String path, boolean download) {
            this(label, path, download, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new long[1]);
        }

        double cpu(double p) {
            return percentile(cpuMs, p);
        }

        double server(double p) {
            return percentile(serverMs, p);
        }

        double client(double p) {
            return percentile(clientMs, p);
        }

        boolean pass() {
            return !serverMs.isEmpty() && server(95) <= TARGET_MS;
        }
    }

    private final Settings settings;
    private final PrintStream log;

    PageBench(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs the page benchmark on a fresh copy of {@code data}; returns its results section. */
    String run(DataGenerator.Summary data, String machine, String loadBefore) throws Exception {
        long t0 = System.nanoTime();
        Instant started = Instant.now();
        Files.createDirectories(settings.runDir());
        Path db = settings.runDir().resolve("pages.db");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        Files.copy(data.file(), db, StandardCopyOption.REPLACE_EXISTING);
        Targets t = Targets.find(db);
        setPassword(db, t.adminEmail());

        int port = ServerProcess.freePort();
        List<String> args = new ArrayList<>(settings.serverOpts());
        args.addAll(List.of("-jar", settings.serverJar().toString(), "serve", "--db-url", "jdbc:sqlite:" + db, "--port",
                Integer.toString(port)));
        List<Page> pages;
        List<Page> downloads;
        try (ServerProcess unsilo = ServerProcess.start("unsilo", args,
                Map.of("UNSILO_DATA_DIR", settings.runDir().resolve("pages-data").toString()),
                settings.runDir().resolve("pages-server.log"), port)) {
            log.println("Started " + unsilo + " for the page benchmark");
            WebSession web = new WebSession(port);
            web.signIn(t.adminEmail(), PASSWORD);
            depart(web, t.leaverId());
            pages = pages(web, t);
            downloads = List.of(new Page("contacts CSV", "/exports/contacts.csv", true),
                    new Page("contacts vCard", "/exports/contacts.vcf", true),
                    new Page("organisations CSV", "/exports/organizations.csv", true));
            measure(web, pages, settings.warmup(), settings.rounds());
            measure(web, downloads, 1, settings.downloadRounds());
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        return section(started, machine, data, t, pages, downloads, loadBefore, Math.round((System.nanoTime() - t0) / 1e9));
    }

    /** What the pages are about: the admin, the biggest organisation, the busiest and a typical contact, a leaver. */
    record Targets(String adminEmail, long bigOrg, String bigOrgDomain, int bigOrgPeople, long busyContact, int busyMessages,
                   String busyAddress, long typicalContact, long leaverId) {

        static Targets find(Path db) throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
                String admin = one(st, "SELECT email FROM app_user WHERE role = 'admin' AND status = 'active' ORDER BY id LIMIT 1");
                long[] org = two(st, "SELECT organization_id, COUNT(*) FROM contact WHERE organization_id IS NOT NULL"
                        + " AND merged_into IS NULL GROUP BY organization_id ORDER BY 2 DESC LIMIT 1");
                String domain = one(st, "SELECT domain FROM organization WHERE id = " + org[0]);
                long[] busy = two(st, "SELECT contact_id, COUNT(*) FROM message_party WHERE contact_id IS NOT NULL"
                        + " GROUP BY contact_id ORDER BY 2 DESC LIMIT 1");
                String busyAddress = one(st, "SELECT address FROM contact_email WHERE contact_id = " + busy[0]
                        + " ORDER BY address LIMIT 1");
                long typical = Long.parseLong(one(st, "SELECT id FROM contact WHERE merged_into IS NULL ORDER BY id"
                        + " LIMIT 1 OFFSET (SELECT COUNT(*) / 2 FROM contact)"));
                long leaver = Long.parseLong(one(st, "SELECT MAX(id) FROM app_user WHERE role = 'member'"));
                return new Targets(admin, org[0], domain, (int) org[1], busy[0], (int) busy[1], busyAddress, typical, leaver);
            }
        }

        private static String one(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next()) {
                    throw new IllegalStateException("the bench database has no answer to " + sql);
                }
                return rs.getString(1);
            }
        }

        private static long[] two(Statement st, String sql) throws SQLException {
            try (ResultSet rs = st.executeQuery(sql)) {
                if (!rs.next()) {
                    throw new IllegalStateException("the bench database has no answer to " + sql);
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** The admin's web sign-in password, set the way an operator does: {@code unsilo users password --password-stdin}. */
    private void setPassword(Path db, String email) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(ServerProcess.javaExecutable(), "-jar", settings.serverJar().toString(), "users",
                "password", "--email", email, "--password-stdin", "--db-url", "jdbc:sqlite:" + db);
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSILO_"));
        pb.environment().put("UNSILO_DATA_DIR", settings.runDir().resolve("pages-data").toString());
        pb.redirectErrorStream(true);
        Path out = settings.runDir().resolve("pages-password.log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        p.getOutputStream().write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("unsilo users password failed; see " + out + ":\n" + Files.readString(out));
        }
    }

    /** Marks one member as departed through the leavers page, so that a leaver's hand-over page has rows. */
    private static void depart(WebSession web, long userId) throws IOException, InterruptedException {
        web.get("/leavers");
        WebSession.Answer a = web.post("/leavers/depart", Map.of("user", Long.toString(userId)));
        if (a.status() != 303) {
            throw new IllegalStateException("departing colleague " + userId + " answered " + a.status());
        }
    }

    private static List<Page> pages(WebSession web, Targets t) throws IOException, InterruptedException {
        List<Page> pages = new ArrayList<>(List.of(
                new Page("dashboard (30 days)", "/", false),
                new Page("dashboard, 7 days", "/?days=7", false),
                new Page("dashboard, 180 days", "/?days=180", false),
                new Page("dashboard, one colleague", "/?user=2", false),
                new Page("organisations by strength", "/organizations", false),
                new Page("organisations by recent", "/organizations?sort=recent", false),
                new Page("organisations by name", "/organizations?sort=name", false),
                new Page("organisations search", "/organizations?q=" + t.bigOrgDomain().substring(0, 4), false),
                new Page("organisation, biggest (" + t.bigOrgPeople() + " people)", "/organizations/" + t.bigOrg(), false),
                new Page("contacts", "/contacts", false),
                new Page("contacts search, name", "/contacts?q=smith", false),
                new Page("contacts search, domain", "/contacts?q=" + t.bigOrgDomain(), false),
                new Page("contacts search, no match", "/contacts?q=zzqxj", false),
                new Page("contact, busiest (" + t.busyMessages() + " messages)", "/contacts/" + t.busyContact(), false),
                new Page("contact, typical", "/contacts/" + t.typicalContact(), false)));
        Matcher older = OLDER.matcher(web.get("/contacts/" + t.busyContact()).body());
        if (older.find()) {
            pages.add(new Page("contact timeline, older page", older.group().replace("&amp;", "&"), false));
        }
        pages.addAll(List.of(
                new Page("duplicates", "/duplicates", false),
                new Page("cooling, mine", "/cooling", false),
                new Page("cooling, team", "/cooling?scope=team", false),
                new Page("leavers", "/leavers", false),
                new Page("leaver hand-over", "/leavers/" + t.leaverId(), false),
                new Page("settings", "/settings", false),
                new Page("help", "/help", false),
                new Page("admin: users", "/admin/users", false),
                new Page("admin: domains", "/admin/domains", false),
                new Page("admin: imports", "/admin/imports", false),
                new Page("admin: manifests", "/admin/manifests", false),
                new Page("admin: audit", "/admin/audit", false),
                new Page("admin: privacy requests", "/admin/privacy", false),
                new Page("admin: privacy, busiest contact held", "/admin/privacy?address="
                        + URLEncoder.encode(t.busyAddress(), StandardCharsets.UTF_8), false),
                new Page("admin: privacy, erase confirmation", "/admin/privacy/erase?address="
                        + URLEncoder.encode(t.busyAddress(), StandardCharsets.UTF_8), false)));
        return pages;
    }

    /** Warm-up rounds, then measured rounds; each round requests every page once, in order. Anything but 200 stops the run. */
    private void measure(WebSession web, List<Page> pages, int warmup, int rounds) throws IOException, InterruptedException {
        for (int r = 0; r < warmup + rounds; r++) {
            for (Page p : pages) {
                WebSession.Answer a = web.get(p.path());
                if (a.status() != 200) {
                    throw new IllegalStateException("GET " + p.path() + " answered " + a.status() + " (" + a.location() + ")");
                }
                if (!p.download() && a.serverMs().isEmpty()) {
                    throw new IllegalStateException("GET " + p.path() + " has no Server-Timing header");
                }
                if (r == 0) {
                    log.printf(Locale.ROOT, "    %-40s server %8.1f ms  cpu %8.1f ms  client %8.1f ms%n", p.label(),
                            a.serverMs().orElse(Double.NaN), a.cpuMs().orElse(Double.NaN), a.clientMs());
                }
                if (r >= warmup) {
                    a.serverMs().ifPresent(p.serverMs()::add);
                    a.cpuMs().ifPresent(p.cpuMs()::add);
                    p.clientMs().add(a.clientMs());
                    p.bytes()[0] = a.bytes();
                }
            }
            log.printf(Locale.ROOT, "  page round %d of %d (%d warm-up)%n", r + 1, warmup + rounds, warmup);
        }
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int idx = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, idx))];
    }

    private String section(Instant started, String machine, DataGenerator.Summary data, Targets t, List<Page> pages,
                           List<Page> downloads, String loadBefore, long seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(Report.heading(started).replace("\n\n", " — page render (web view)\n\n"));
        sb.append("- **Machine:** ").append(machine).append('\n');
        sb.append("- **Code:** ").append(Report.commit()).append("; Unsilo server in its own JVM (`")
                .append(String.join(" ", ServerProcess.SERVER_JVM_OPTIONS)).append(settings.serverOpts().isEmpty() ? ""
                        : " " + String.join(" ", settings.serverOpts()))
                .append("`, default logging); one signed-in admin requesting one page at a time over keep-alive HTTP/1.1 on 127.0.0.1\n");
        sb.append("- **Data:** ").append(data.describe()).append("; a departed colleague (user ").append(t.leaverId())
                .append(") for the hand-over page\n");
        sb.append(String.format(Locale.ROOT, "- **Rounds:** %d warm-up, then %d measured rounds over all %d pages (downloads: 1 warm-up, %d"
                + " measured); server time from the `Server-Timing: app` header (handler and rendering, not the network),"
                + " server CPU from its `cpu` metric (CPU time of the request's thread: less inflated by other work on the"
                + " machine than elapsed time), client time from request sent to last byte read%n", settings.warmup(), settings.rounds(), pages.size(),
                settings.downloadRounds()));
        sb.append("- **Run time:** ").append(seconds).append(" s; load average (1/5/15 min) before ").append(loadBefore)
                .append(", after ").append(Machine.loadAverage()).append('\n');
        long slow = pages.stream().filter(p -> !p.pass()).count();
        sb.append("- **Result:** ").append(slow == 0 ? "every page's server-time p95 ≤ 150 ms (issue 8) **PASS**"
                : slow + " of " + pages.size() + " pages over 150 ms (p95 server time) **FAIL**").append("\n\n");
        sb.append("| page | path | server p50 | server p95 | server max | server CPU p50 | client p50 | client p95 | size | target"
                + " | result |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Page p : pages) {
            sb.append(Report.row(p.label(), "`" + p.path() + "`", Report.ms(p.server(50)), Report.ms(p.server(95)),
                    Report.ms(p.server(100)), Report.ms(p.cpu(50)), Report.ms(p.client(50)), Report.ms(p.client(95)),
                    kib(p.bytes()[0]), "p95 ≤ 150 ms", Report.verdict(p.pass())));
        }
        for (Page p : downloads) {
            sb.append(Report.row(p.label() + " (download)", "`" + p.path() + "`", "streamed", "", "", "", Report.ms(p.client(50)),
                    Report.ms(p.client(100)) + " (max)", kib(p.bytes()[0]), "(reported)", ""));
        }
        return sb.toString();
    }

    private static String kib(long bytes) {
        return String.format(Locale.ROOT, "%,d KiB", Math.max(1, bytes >> 10));
    }
}
