package org.unsilo.testing;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Microsoft's token endpoint and Graph for one account whose Inbox and contacts are empty, on a loopback port: each
 * delta listing answers "nothing here" with a delta link to come back to. It counts the requests it gets by kind
 * (token, inbox, contacts) and the most it ever served at once, so a test sees how often, and whether concurrently, the mailbox was synced.
 * (The recorded Graph payloads live in ../shared and belong to the acceptance suite; an empty mailbox needs none.)
 */
public final class GraphMailboxStub implements AutoCloseable {

    public static final String REFRESH_TOKEN = "rt-cluster-mailbox";
    private static final String ACCESS_TOKEN = "at-cluster-mailbox";

    private final Javalin app;
    private final String base;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    public GraphMailboxStub() {
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/token", this::token);
            cfg.routes.get("/v1.0/*", this::graph);
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    /** Settings that point a server's Microsoft sync at this stub. */
    public Map<String, String> settings() {
        return Map.of(
                "UNSILO_GRAPH_BASE_URL", base + "/v1.0",
                "UNSILO_MICROSOFT_TOKEN_URL", base + "/token",
                "UNSILO_MICROSOFT_CLIENT_ID", "stub-ms-client",
                "UNSILO_MICROSOFT_CLIENT_SECRET", "stub-ms-secret");
    }

    private void token(Context ctx) {
        record("token");
        if (!"refresh_token".equals(ctx.formParam("grant_type")) || !REFRESH_TOKEN.equals(ctx.formParam("refresh_token"))) {
            ctx.status(400).json(Map.of("error", "invalid_grant", "error_description", "unknown refresh token"));
            return;
        }
        ctx.json(Map.of("access_token", ACCESS_TOKEN, "token_type", "Bearer", "expires_in", 3600));
    }

    private void graph(Context ctx) throws InterruptedException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            if (!("Bearer " + ACCESS_TOKEN).equals(ctx.header("Authorization"))) {
                ctx.status(401).json(Map.of("error", Map.of("code", "InvalidAuthenticationToken", "message", "unknown token")));
                return;
            }
            String path = ctx.path().toLowerCase(java.util.Locale.ROOT);
            String stream = path.startsWith("/v1.0/me/mailfolders/inbox/messages/delta") ? "inbox"
                    : path.startsWith("/v1.0/me/contacts/delta") ? "contacts" : null;
            if (stream == null) {
                ctx.status(404).json(Map.of("error", Map.of("code", "ErrorItemNotFound", "message", "stub has no " + path)));
                return;
            }
            record(stream);
            // A round (two listings) takes most of a second, so another server polling for due jobs meanwhile would
            // find this one still due, were it not marked as picked, and two runs would overlap here.
            Thread.sleep(300);
            String link = stream.equals("inbox") ? "/v1.0/me/mailFolders/inbox/messages/delta()" : "/v1.0/me/contacts/delta()";
            ctx.json(Map.of("value", List.of(), "@odata.deltaLink", base + link + "?$deltatoken=" + stream + "-empty"));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void record(String what) {
        requests.add(what);
    }

    public long count(String what) {
        return requests.stream().filter(what::equals).count();
    }

    public int mostAtOnce() {
        return mostInFlight.get();
    }

    @Override
    public void close() {
        app.stop();
    }
}
