package org.unsilo.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for Microsoft Graph, Gmail, Google People and both token endpoints that serves the REAL recorded
 * payloads from {@code ../shared/data/api-samples/} by path (never copied): Graph links in the files are rewritten to
 * this stub's address so the SDK follows them here. Each account (refresh token) is served one data set; faults
 * (429, 410, 404, a refused refresh token) are injected per path.
 */
final class ProviderStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String GRAPH = "data/api-samples/graph/";
    static final String GOOGLE = "data/api-samples/google/";

    /** What a refresh token's mailbox holds: the Graph documentation's 4-page round, or Nango's inbox pages. */
    enum GraphSet { DOCS, NANGO }

    record Fault(int status, Map<String, String> headers) {
    }

    private final Javalin app;
    private final Map<String, String> accessByRefresh = new ConcurrentHashMap<>();
    private final Map<String, GraphSet> setByAccess = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Map<String, String> rotateTo = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, String> graphPages = new HashMap<>();
    private final Map<String, JsonNode> gmailById = new HashMap<>();
    private String base;

    ProviderStub() {
        for (JsonNode m : read(GOOGLE + "gmail.messages.get.format-metadata.all100.nango.json")) {
            gmailById.put(m.get("id").asText(), m);
        }
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.post("/token", this::token);
            cfg.routes.get("/v1.0/*", this::graph);
            cfg.routes.get("/gmail/v1/users/me/profile", ctx -> serve(ctx, read(GOOGLE + "gmail.users.getProfile.nango.json")));
            cfg.routes.get("/gmail/v1/users/me/messages", this::gmailList);
            cfg.routes.get("/gmail/v1/users/me/history", ctx -> {
                if (!injected(ctx, ctx.path() + "?" + ctx.queryString())) {
                    serve(ctx, read(GOOGLE + "gmail.history.list.nango.json"));
                }
            });
            cfg.routes.post("/batch/gmail/v1", this::gmailBatch);
            cfg.routes.get("/v1/people/me/connections", this::connections);
            cfg.routes.get("/v1/otherContacts", ctx -> serve(ctx, read(GOOGLE + "people.otherContacts.list.amp-labs.json")));
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        // Each Graph file's links, rewritten to this stub, lead to the next file of its round.
        link(GRAPH + "messages.delta.docs-example1-1-nextLink.json", GRAPH + "messages.delta.docs-example1-2-nextLink.json");
        link(GRAPH + "messages.delta.docs-example1-2-nextLink.json", GRAPH + "messages.delta.docs-example1-3-deltaLink.json");
        link(GRAPH + "messages.delta.docs-example1-3-deltaLink.json", GRAPH + "messages.delta.docs-example1-4-nextround-removed-deltaLink.json");
        link(GRAPH + "me.mailFolders.inbox.messages.delta.page1-nextLink.nango.json", GRAPH + "me.mailFolders.inbox.messages.delta.page2-deltaLink.nango.json");
        // Nango recorded no round after its deltaLink: the stub answers it with "no changes" (an empty page that keeps
        // the same deltaLink), as Graph does when nothing happened.
        link(GRAPH + "me.mailFolders.inbox.messages.delta.page2-deltaLink.nango.json", NO_CHANGES);
    }

    private static final String NO_CHANGES = "no changes";

    String url() {
        return base;
    }

    /** Settings that point the server's sync at this stub. */
    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("UNSILO_GRAPH_BASE_URL", base + "/v1.0");
        s.put("UNSILO_MICROSOFT_TOKEN_URL", base + "/token");
        s.put("UNSILO_GOOGLE_API_ROOT", base + "/");
        s.put("UNSILO_PEOPLE_ROOT_URL", base + "/");
        s.put("UNSILO_GOOGLE_TOKEN_URL", base + "/token");
        s.put("UNSILO_MICROSOFT_CLIENT_ID", "stub-ms-client");
        s.put("UNSILO_MICROSOFT_CLIENT_SECRET", "stub-ms-secret");
        s.put("UNSILO_GOOGLE_CLIENT_ID", "stub-google-client");
        s.put("UNSILO_GOOGLE_CLIENT_SECRET", "stub-google-secret");
        s.put("UNSILO_SYNC_WINDOW_DAYS", "36500");
        s.put("UNSILO_SYNC_INTERVAL", "7d");
        return s;
    }

    void account(String refreshToken, String accessToken, GraphSet set) {
        accessByRefresh.put(refreshToken, accessToken);
        if (set != null) {
            setByAccess.put(accessToken, set);
        }
    }

    /** The next refresh with {@code refreshToken} hands out {@code next} instead (Microsoft rotates refresh tokens). */
    void rotate(String refreshToken, String next) {
        rotateTo.put(refreshToken, next);
        accessByRefresh.put(next, accessByRefresh.get(refreshToken));
    }

    void revoke(String refreshToken) {
        revoked.add(refreshToken);
    }

    /** The next request whose decoded path and query contain {@code pathPart} gets {@code status} instead. */
    void fault(String pathPart, int status, Map<String, String> headers) {
        faults.computeIfAbsent(pathPart, k -> new ArrayDeque<>()).add(new Fault(status, headers));
    }

    long count(String pathPart) {
        return requests.stream().filter(r -> r.contains(pathPart)).count();
    }

    // --- token endpoint

    private void token(Context ctx) {
        String grant = ctx.formParam("grant_type");
        String refresh = ctx.formParam("refresh_token");
        requests.add("POST /token " + grant);
        if ("refresh_token".equals(grant) && (revoked.contains(refresh) || !accessByRefresh.containsKey(refresh))) {
            ctx.status(400).json(Map.of("error", "invalid_grant",
                    "error_description", "AADSTS70000: The provided grant has expired due to it being revoked."));
            return;
        }
        if ("authorization_code".equals(grant)) {
            ctx.json(Map.of("access_token", "at-from-code", "token_type", "Bearer", "expires_in", 3600,
                    "refresh_token", "rt-from-code-" + ctx.formParam("code") + "-" + ctx.formParam("code_verifier")));
            return;
        }
        String next = rotateTo.remove(refresh);
        if (next != null) {
            revoked.add(refresh);
            ctx.json(Map.of("access_token", accessByRefresh.get(refresh), "token_type", "Bearer", "expires_in", 3600,
                    "refresh_token", next));
            return;
        }
        ctx.json(Map.of("access_token", accessByRefresh.get(refresh), "token_type", "Bearer", "expires_in", 3600));
    }

    // --- Graph

    private void link(String file, String next) {
        JsonNode page = read(file);
        String link = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : page.get("@odata.deltaLink").asText();
        graphPages.put(key(rewrite(link).substring(base.length())), next);
    }

    private String rewrite(String link) {
        return link.replace("https://graph.microsoft.com", base);
    }

    private static String key(String pathAndQuery) {
        return URLDecoder.decode(pathAndQuery, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    }

    private void graph(Context ctx) {
        String full = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
        if (injected(ctx, full)) {
            return;
        }
        GraphSet set = setByAccess.get(bearer(ctx));
        if (set == null) {
            ctx.status(401).json(Map.of("error", Map.of("code", "InvalidAuthenticationToken", "message", "unknown token")));
            return;
        }
        String path = key(ctx.path());
        String file;
        if (path.equals("/v1.0/me/mailfolders/inbox/messages/delta()")) {
            file = set == GraphSet.DOCS ? GRAPH + "messages.delta.docs-example1-1-nextLink.json"
                    : GRAPH + "me.mailFolders.inbox.messages.delta.page1-nextLink.nango.json";
        } else if (path.equals("/v1.0/me/mailfolders/sentitems/messages/delta()")
                || key(full).equals("/v1.0/me/mailfolders/sentitems/messages/delta?$deltatoken=sent-none")) {
            // No Sent Items delta was recorded (SOURCES.md): an empty folder, as Graph answers it.
            ObjectNode page = JSON.createObjectNode();
            page.putArray("value");
            page.put("@odata.deltaLink", base + "/v1.0/me/mailFolders/sentitems/messages/delta?$deltatoken=sent-none");
            serve(ctx, page);
            return;
        } else if (path.equals("/v1.0/me/contacts/delta()")) {
            // Contacts delta has no recorded payload (SOURCES.md): the real /me/contacts page, then the real
            // contact.get resource, in the delta envelope the message pages use.
            ObjectNode page = (ObjectNode) read(GRAPH + "me.contacts.list.docs-beta.json");
            page.put("@odata.nextLink", base + "/v1.0/me/contacts/delta?$skiptoken=contacts-2");
            serve(ctx, page);
            return;
        } else if (key(full).equals("/v1.0/me/contacts/delta?$skiptoken=contacts-2")) {
            ObjectNode page = JSON.createObjectNode();
            page.putArray("value").add(read(GRAPH + "contact.get.docs-v1.0.json"));
            page.put("@odata.deltaLink", base + "/v1.0/me/contacts/delta?$deltatoken=contacts-done");
            serve(ctx, page);
            return;
        } else if (key(full).equals("/v1.0/me/contacts/delta?$deltatoken=contacts-done")) {
            ObjectNode page = JSON.createObjectNode();
            page.putArray("value");
            page.put("@odata.deltaLink", base + "/v1.0/me/contacts/delta?$deltatoken=contacts-done");
            serve(ctx, page);
            return;
        } else {
            file = graphPages.get(key(full));
        }
        if (file == null) {
            ctx.status(404).json(Map.of("error", Map.of("code", "ErrorItemNotFound", "message", "stub has no " + full)));
            return;
        }
        if (file.equals(NO_CHANGES)) {
            ObjectNode page = JSON.createObjectNode();
            page.putArray("value");
            page.put("@odata.deltaLink", base + full);
            serve(ctx, page);
            return;
        }
        String body = rewrite(text(file));
        ctx.contentType("application/json").result(body);
    }

    // --- Gmail and People

    private void gmailList(Context ctx) {
        if (injected(ctx, ctx.path())) {
            return;
        }
        JsonNode list = read(GOOGLE + "gmail.messages.list.maxResults100.nango.json");
        String pageToken = ctx.queryParam("pageToken");
        if (pageToken == null) {
            serve(ctx, list);
        } else if (pageToken.equals(list.get("nextPageToken").asText())) {
            // The recording has one page; its nextPageToken ends the listing here.
            ctx.json(Map.of("resultSizeEstimate", 0));
        } else {
            ctx.status(400).json(Map.of("error", Map.of("code", 400, "message", "Invalid pageToken")));
        }
    }

    private void gmailBatch(Context ctx) {
        requests.add("POST /batch/gmail/v1");
        Matcher m = Pattern.compile("GET \\S*/gmail/v1/users/me/messages/([A-Za-z0-9]+)\\?(\\S*)").matcher(ctx.body());
        String boundary = "stub_batch_boundary";
        StringBuilder out = new StringBuilder();
        int n = 0;
        while (m.find()) {
            n++;
            String id = m.group(1);
            requests.add("GET /gmail/v1/users/me/messages/" + id + "?" + m.group(2));
            JsonNode msg = gmailById.get(id);
            out.append("--").append(boundary).append("\r\nContent-Type: application/http\r\nContent-ID: response-")
                    .append(n).append("\r\n\r\n");
            if (msg == null) {
                out.append("HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n")
                        .append("{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\"}}\r\n");
            } else {
                out.append("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n")
                        .append(msg.toString()).append("\r\n");
            }
        }
        out.append("--").append(boundary).append("--\r\n");
        ctx.contentType("multipart/mixed; boundary=" + boundary).result(out.toString());
    }

    private void connections(Context ctx) {
        if (injected(ctx, ctx.path() + "?" + ctx.queryString())) {
            return;
        }
        JsonNode page1 = read(GOOGLE + "people.connections.list.page1-nextPageToken.amp-labs.json");
        String pageToken = ctx.queryParam("pageToken");
        serve(ctx, pageToken == null ? page1 : read(GOOGLE + "people.connections.list.page2-last.amp-labs.json"));
    }

    // --- plumbing

    private boolean injected(Context ctx, String full) {
        String decoded = key(full);
        requests.add("GET " + decoded);
        authorizations.add(String.valueOf(ctx.header("Authorization")));
        for (Map.Entry<String, Deque<Fault>> e : faults.entrySet()) {
            if (decoded.contains(e.getKey().toLowerCase(java.util.Locale.ROOT)) && !e.getValue().isEmpty()) {
                Fault f = e.getValue().poll();
                f.headers().forEach(ctx::header);
                ctx.status(f.status()).json(Map.of("error", Map.of("code", f.status(), "message", "injected by the test")));
                return true;
            }
        }
        return false;
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        return h == null ? null : h.replaceFirst("(?i)^Bearer ", "");
    }

    private static void serve(Context ctx, JsonNode body) {
        ctx.contentType("application/json").result(body.toString());
    }

    static JsonNode read(String relative) {
        try {
            return JSON.readTree(SharedData.file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String relative) {
        try {
            return Files.readString(SharedData.file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
