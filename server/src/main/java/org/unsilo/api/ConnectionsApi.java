package org.unsilo.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.auth.Principal;
import org.unsilo.auth.UserService;
import org.unsilo.config.SyncConfig;
import org.unsilo.directory.DirectorySettings;
import org.unsilo.http.ApiException;
import org.unsilo.http.Page;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.SyncRoundRow;
import org.unsilo.store.UserRow;
import org.unsilo.sync.Connections;
import org.unsilo.sync.OAuthFlow;
import org.unsilo.sync.Provider;
import org.unsilo.sync.SyncScheduler;

/**
 * Mailbox connections: start the OAuth connect flow, see each connection's truthful status, choose folders and
 * excluded domains, disconnect; admins see every connection. The OAuth callback is a public page route (the
 * browser arrives from the provider without our token) that checks the state and redirects to the settings page.
 */
public final class ConnectionsApi {

    public static final String CALLBACK_PATH = "/oauth/{provider}/callback";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsApi.class);
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");

    /** {@code POST /api/v1/me/connections}. */
    record ConnectInput(String provider) {
    }

    record ConnectStarted(String provider, String authorizationUrl, String redirectUri) {
    }

    /**
     * {@code PATCH /api/v1/me/connections/{id}}: null leaves a list as it is; empty folders means the default.
     * {@code excludedDomains} is the user's never-capture list, the same as in the web view's privacy settings.
     */
    record PreferencesInput(List<String> folders, List<String> excludedDomains) {
    }

    record Round(long id, String status, Instant startedAt, Instant finishedAt, long messagesFetched, long messagesStored,
                 long messagesNew, long messagesSkipped, long messagesRemoved, long contactsFetched, long contactsStored,
                 long contactsCreated, long pages, String error) {
    }

    record ConnectionView(long id, String provider, long userId, String userEmail, String status, boolean healthy,
                          Instant lastSuccessAt, Long lagSeconds, String lastError, Instant lastErrorAt,
                          List<String> folders, List<String> excludedDomains, Round lastRound, Instant connectedAt) {
    }

    private final Connections connections;
    private final OAuthFlow flow;
    private final SyncScheduler scheduler;
    private final UserService users;
    private final DirectorySettings directory;
    private final SyncConfig config;
    private final Requests requests;
    private final String baseUrl;
    private final Clock clock;

    public ConnectionsApi(Connections connections, OAuthFlow flow, SyncScheduler scheduler, UserService users,
                          DirectorySettings directory, SyncConfig config, Requests requests, String baseUrl, Clock clock) {
        this.connections = connections;
        this.flow = flow;
        this.scheduler = scheduler;
        this.users = users;
        this.directory = directory;
        this.config = config;
        this.requests = requests;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/me/connections", this::connect);
        routes.get("/api/v1/me/connections", this::mine);
        routes.patch("/api/v1/me/connections/{id}", this::preferences);
        routes.delete("/api/v1/me/connections/{id}", this::disconnect);
        routes.post("/api/v1/me/connections/{id}/sync", this::syncSoon);
        routes.get("/api/v1/admin/connections", this::all);
    }

    /** The OAuth callback is a browser page route outside the API (and its OpenAPI document), like the web view. */
    public void registerCallback(io.javalin.config.RoutesConfig routes) {
        routes.get(CALLBACK_PATH, this::callback);
    }

    private void connect(Context ctx) {
        Principal p = Requests.principal(ctx);
        ConnectInput in = requests.body(ctx, ConnectInput.class);
        Provider provider = provider("provider", in.provider());
        if (!config.hasClient(provider.wireName())) {
            throw ApiException.unprocessable("provider", SyncConfig.notSetUp(provider.wireName()));
        }
        String url = flow.start(p.userId(), provider);
        ctx.status(201).json(new ConnectStarted(provider.wireName(), url, flow.redirectUri(provider)));
    }

    private void mine(Context ctx) {
        Principal p = Requests.principal(ctx);
        ctx.json(new Page<>(connections.forUser(p.userId()).stream().map(c -> view(c, p.user().email())).toList(), null));
    }

    private void all(Context ctx) {
        Requests.admin(ctx);
        ctx.json(new Page<>(connections.all().stream()
                .map(c -> view(c, users.find(c.userId()).map(UserRow::email).orElse(null))).toList(), null));
    }

    private void preferences(Context ctx) {
        Principal p = Requests.principal(ctx);
        ConnectionRow row = own(p, Requests.pathId(ctx, "id"));
        PreferencesInput in = requests.body(ctx, PreferencesInput.class);
        Checks checks = new Checks();
        List<String> folders = in.folders() == null ? Connections.foldersChosen(row) : in.folders().stream().map(f -> f == null ? "" : f.strip()).toList();
        checks.size("folders", folders, 50);
        if (in.excludedDomains() != null) {
            checks.size("excludedDomains", in.excludedDomains(), 500);
        }
        for (String f : folders) {
            if (!FOLDER.matcher(f).matches()) {
                checks.fail("folders", "'" + f + "' is not a folder or label id (letters, digits, '-' and '_', such as"
                        + " inbox, sentitems, INBOX, SENT or Label_12)");
            }
        }
        checks.throwIfAny();
        if (in.excludedDomains() != null) {
            // One list for every way mail arrives (web view: Settings, Privacy).
            directory.replacePrivateDomains(p.userId(), in.excludedDomains());
        }
        connections.setFolders(row.id(), folders);
        ctx.json(view(connections.find(row.id()).orElseThrow(), p.user().email()));
    }

    record SyncRequested(boolean scheduled, String detail) {
    }

    private void syncSoon(Context ctx) {
        Principal p = Requests.principal(ctx);
        ConnectionRow row = own(p, Requests.pathId(ctx, "id"));
        if ("broken".equals(row.status())) {
            throw ApiException.conflict("this connection is broken (" + row.lastError() + "); connect the mailbox again");
        }
        boolean scheduled = scheduler.runSoon(row.id());
        ctx.status(202).json(new SyncRequested(scheduled, scheduled ? "a round starts within the scheduler's polling interval"
                : "a round is running now; its progress shows in lastRound"));
    }

    private void disconnect(Context ctx) {
        Principal p = Requests.principal(ctx);
        ConnectionRow row = own(p, Requests.pathId(ctx, "id"));
        scheduler.cancel(row.id());
        connections.delete(row.id());
        ctx.status(204);
    }

    private void callback(Context ctx) {
        String name = ctx.pathParam("provider");
        Provider provider = Provider.fromWire(name);
        String state = ctx.queryParam("state");
        String code = ctx.queryParam("code");
        String error = ctx.queryParam("error");
        if (provider == null) {
            throw ApiException.notFound("no provider '" + name + "'; use microsoft or google");
        }
        if (state == null || state.isBlank()) {
            throw ApiException.badRequest("the sign-in answer has no state parameter");
        }
        try {
            if (error != null) {
                // The user declined, or the provider refused: only for a sign-in this server started, so that a
                // crafted link cannot put its own text on the settings page.
                flow.abandon(provider, state);
                redirect(ctx, provider, "error", "the provider answered " + error);
                return;
            }
            if (code == null || code.isBlank()) {
                throw ApiException.badRequest("the sign-in answer has no code parameter");
            }
            ConnectionRow row = flow.complete(provider, state, code);
            scheduler.schedule(row.id());
            redirect(ctx, provider, "connected", null);
        } catch (OAuthFlow.InvalidStateException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            LOG.warn("connecting {} failed: {}", provider.wireName(), e.getMessage());
            redirect(ctx, provider, "error", "the code could not be exchanged at the token endpoint");
        }
    }

    private void redirect(Context ctx, Provider provider, String outcome, String detail) {
        String url = baseUrl + "/settings?" + outcome + "=" + provider.wireName()
                + (detail == null ? "" : "&detail=" + URLEncoder.encode(detail, StandardCharsets.UTF_8));
        ctx.redirect(url, io.javalin.http.HttpStatus.FOUND);
    }

    private ConnectionRow own(Principal p, long id) {
        return connections.find(id).filter(c -> c.userId() == p.userId())
                .orElseThrow(() -> ApiException.notFound("connection " + id + " does not exist"));
    }

    private static Provider provider(String field, String value) {
        Provider p = value == null ? null : Provider.fromWire(value.strip().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw ApiException.validation(List.of(new org.unsilo.http.Problem.FieldError(field,
                    "must be 'microsoft' or 'google'")));
        }
        return p;
    }

    private ConnectionView view(ConnectionRow c, String email) {
        Round last = connections.rounds(c.id(), 1).stream().findFirst().map(ConnectionsApi::round).orElse(null);
        long now = clock.millis();
        Long lag = c.lastSuccessAt() == null ? null : Math.max(0, (now - c.lastSuccessAt()) / 1000);
        String status = c.status();
        String error = c.lastError();
        if ("syncing".equals(status) && c.leaseUntil() != null && c.leaseUntil() < now) {
            // The process running the round died without a word: say so rather than "syncing" forever.
            status = "incomplete";
            error = "The server running the last round stopped before it finished; the next round continues from the"
                    + " last page stored.";
        }
        return new ConnectionView(c.id(), c.provider(), c.userId(), email, status, "healthy".equals(status),
                instant(c.lastSuccessAt()), lag, error, instant(c.lastErrorAt()), Connections.folders(c),
                directory.privateDomains(c.userId()), last, Instant.ofEpochMilli(c.createdAt()));
    }

    private static Round round(SyncRoundRow r) {
        return new Round(r.id(), r.status(), Instant.ofEpochMilli(r.startedAt()), instant(r.finishedAt()), r.messagesFetched(),
                r.messagesStored(), r.messagesNew(), r.messagesSkipped(), r.messagesRemoved(), r.contactsFetched(),
                r.contactsStored(), r.contactsCreated(), r.pages(), r.error());
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
