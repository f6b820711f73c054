package org.unsilo.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unsilo.App;
import org.unsilo.capture.Capture;
import org.unsilo.capture.Party;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigLoader;
import org.unsilo.importer.ImportProgress;
import org.unsilo.sync.Provider;
import org.unsilo.sync.SyncService;

/**
 * Mailbox sync throughput (issue 7): one Graph delta round over a generated mailbox of N messages, served by a local
 * stub in pages of {@value #PAGE}, through the real Graph SDK and the sync path, against storing the same messages
 * with {@code CaptureService.captureAll} directly in pages of the same size, each on a fresh database. Target: sync
 * at least 70 % of the direct rate. Part of a full {@code bench/run}, or alone with {@code BENCH_ONLY=sync}
 * ({@code BENCH_SYNC_MESSAGES}, default 100,000); never in {@code mvn verify}.
 * Traffic goes to 127.0.0.1 only; the request count is bounded by N / page size.
 */
public final class SyncThroughput {

    static final int PAGE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    static final double TARGET = 0.70;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.println(section(n, Machine.describe(), "(not recorded)"));
    }

    /** Runs both rounds and returns the RESULTS.md section ({@code bench/run}: {@code BENCH_ONLY=sync} or a full run). */
    static String section(int n, String machine, String loadBefore) throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        double syncSeconds;
        double directSeconds;
        Javalin stub = stub(n);
        try {
            syncSeconds = viaSync(stub.port(), n);
            System.out.printf("mailbox sync: %d messages in %.1f s (%.0f messages/s)%n", n, syncSeconds, n / syncSeconds);
            directSeconds = direct(n);
            System.out.printf("direct capture: %d messages in %.1f s (%.0f messages/s)%n", n, directSeconds, n / directSeconds);
        } finally {
            stub.stop();
        }
        double ratio = directSeconds / syncSeconds;
        return Report.heading(started).replaceFirst("\n\n$", " — mailbox sync throughput\n\n")
                + "- **Machine:** " + machine + "\n"
                + "- **Code:** " + Report.commit() + "\n"
                + String.format(Locale.ROOT, "- **Data:** one generated Microsoft Graph mailbox of %,d messages in delta"
                        + " pages of %,d, served by a local stub on 127.0.0.1 and read through the real Graph SDK and the sync"
                        + " path (cursor committed with each page); the baseline stores the same messages with"
                        + " `CaptureService.captureAll` directly. Each on a fresh SQLite database.%n", n, PAGE)
                + String.format(Locale.ROOT, "- **Run time:** %.0f s; load average (1/5/15 min) before %s%n%n",
                        (System.nanoTime() - t0) / 1e9, loadBefore)
                + Report.TABLE_HEADER
                + Report.row(String.format(Locale.ROOT, "mailbox sync, %,d messages", n),
                        Report.rate(n / syncSeconds, "messages/s") + String.format(Locale.ROOT, " (%.1f s)", syncSeconds),
                        "direct capture " + Report.rate(n / directSeconds, "messages/s")
                                + String.format(Locale.ROOT, " (%.1f s)", directSeconds),
                        Report.pct(ratio), "≥ 70 % of direct", Report.verdict(ratio >= TARGET));
    }

    private static double viaSync(int port, int n) throws Exception {
        String base = "http://127.0.0.1:" + port;
        Map<String, String> s = new HashMap<>();
        s.put("UNSILO_GRAPH_BASE_URL", base + "/v1.0");
        s.put("UNSILO_MICROSOFT_TOKEN_URL", base + "/token");
        s.put("UNSILO_MICROSOFT_CLIENT_ID", "bench");
        s.put("UNSILO_SYNC_INTERVAL", "7d");
        try (App app = new App(config(s), Clock.systemUTC())) {
            long user = app.users().create(null, "staff@bench.example", "Bench Staff", "member").id();
            long id = app.connections().connect(user, Provider.MICROSOFT, "bench-refresh").id();
            app.connections().setFolders(id, List.of("inbox"));
            long t0 = System.nanoTime();
            SyncService.RoundResult r = app.sync().runRound(id, ImportProgress.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (r.outcome() != SyncService.Outcome.COMPLETE || r.round().messagesNew() != n) {
                throw new IllegalStateException("sync round did not store every message: " + r);
            }
            return seconds;
        }
    }

    private static double direct(int n) throws Exception {
        try (App app = new App(config(Map.of()), Clock.systemUTC())) {
            long user = app.users().create(null, "staff@bench.example", "Bench Staff", "member").id();
            long t0 = System.nanoTime();
            for (int from = 0; from < n; from += PAGE) {
                List<Capture> page = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + PAGE); i++) {
                    page.add(new Capture(Capture.Source.GRAPH_SYNC, user, messageId(i), "m" + i, "c" + (i / 3), subject(i),
                            BASE.plusSeconds(60L * i), Party.of(sender(i), "Sender " + (i % 5000)),
                            List.of(Party.of("staff@bench.example", "Bench Staff")), List.of(), null, null, Map.of(), false));
                }
                app.captures().captureAll(page, h -> { });
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static Config config(Map<String, String> settings) throws Exception {
        Map<String, String> v = new HashMap<>(settings);
        Path dir = Files.createTempDirectory("unsilo-bench-sync");
        v.put(ConfigLoader.DATA_DIR, dir.toString());
        v.put(ConfigLoader.PORT, "0");
        return new ConfigLoader(Map.of()).load(null, v);
    }

    /** Graph's token endpoint and an inbox delta of {@code n} generated messages, then empty contacts. */
    private static Javalin stub(int n) {
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/token", ctx -> ctx.json(Map.of("access_token", "bench-access", "token_type", "Bearer",
                    "expires_in", 3600)));
            cfg.routes.get("/v1.0/*", ctx -> {
                String base = "http://127.0.0.1:" + ctx.port() + "/v1.0/me/";
                ObjectNode page = JSON.createObjectNode();
                ArrayNode value = page.putArray("value");
                if (ctx.path().contains("/contacts/")) {
                    page.put("@odata.deltaLink", base + "contacts/delta?$deltatoken=done");
                } else {
                    String skip = ctx.queryParam("$skiptoken");
                    int from = skip == null ? 0 : Integer.parseInt(skip);
                    for (int i = from; i < Math.min(n, from + PAGE); i++) {
                        value.add(message(i));
                    }
                    if (from + PAGE < n) {
                        page.put("@odata.nextLink", base + "mailFolders/inbox/messages/delta?$skiptoken=" + (from + PAGE));
                    } else {
                        page.put("@odata.deltaLink", base + "mailFolders/inbox/messages/delta?$deltatoken=done");
                    }
                }
                ctx.contentType("application/json").result(JSON.writeValueAsString(page));
            });
        });
        return app.start("127.0.0.1", 0);
    }

    private static ObjectNode message(int i) {
        ObjectNode m = JSON.createObjectNode();
        m.put("id", "m" + i);
        m.put("internetMessageId", messageId(i));
        m.put("conversationId", "c" + (i / 3));
        m.put("subject", subject(i));
        m.put("sentDateTime", BASE.plusSeconds(60L * i).toString());
        m.put("isDraft", false);
        m.putObject("from").putObject("emailAddress").put("address", sender(i)).put("name", "Sender " + (i % 5000));
        m.putArray("toRecipients").addObject().putObject("emailAddress").put("address", "staff@bench.example")
                .put("name", "Bench Staff");
        m.putArray("ccRecipients");
        return m;
    }

    private static String messageId(int i) {
        return "<m" + i + "@bench.example>";
    }

    private static String subject(int i) {
        return "Quarterly volumes " + (i / 3);
    }

    private static String sender(int i) {
        return "person" + (i % 5000) + "@org" + (i % 800) + ".example";
    }
}
