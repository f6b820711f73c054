package org.unsilo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.api.AdminApi;
import org.unsilo.addin.OutlookPane;
import org.unsilo.manifest.AddinUrls;
import org.unsilo.manifest.OutlookAddin;
import org.unsilo.api.CaptureApi;
import org.unsilo.api.CaptureStatusApi;
import org.unsilo.api.ImportsApi;
import org.unsilo.api.ContactsApi;
import org.unsilo.api.LookupApi;
import org.unsilo.api.MeApi;
import org.unsilo.api.OrganizationsApi;
import org.unsilo.api.RelationshipsApi;
import org.unsilo.api.SystemApi;
import org.unsilo.api.ExportsApi;
import org.unsilo.api.PrivacyApi;
import org.unsilo.exports.ExportService;
import org.unsilo.metrics.ServerMetrics;
import org.unsilo.privacy.PrivacyService;
import org.unsilo.store.SuppressionDao;
import org.unsilo.auth.ApiTokens;
import org.unsilo.auth.BearerAuthenticator;
import org.unsilo.auth.EntraAuthenticator;
import org.unsilo.auth.EntraTokenVerifier;
import org.unsilo.auth.ExternalIdentities;
import org.unsilo.auth.OidcProviders;
import org.unsilo.auth.UserService;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.CaptureService;
import org.unsilo.capture.Directory;
import org.unsilo.capture.FreemailDomains;
import org.unsilo.capture.InvalidCaptureException;
import org.unsilo.capture.LoggedMessages;
import org.unsilo.capture.OrganizationInference;
import org.unsilo.capture.PendingCaptures;
import org.unsilo.capture.RobotSenders;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigException;
import org.unsilo.config.ConfigLoader;
import org.unsilo.config.SyncConfig;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.contacts.ContactService;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.LookupService;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.http.Cors;
import org.unsilo.gmail.AddOnAuthenticator;
import org.unsilo.gmail.Cards;
import org.unsilo.gmail.GmailAddOn;
import org.unsilo.gmail.GmailReader;
import org.unsilo.gmail.GoogleIdTokens;
import org.unsilo.http.ErrorHandlers;
import org.unsilo.importer.ImportJobs;
import org.unsilo.importer.ImportRunner;
import org.unsilo.importer.mail.MailImporter;
import org.unsilo.importer.contacts.ContactImporter;
import org.unsilo.http.Filters;
import org.unsilo.http.ProtocolErrorHandler;
import org.unsilo.http.Json;
import org.unsilo.http.Problem;
import org.unsilo.http.Requests;
import org.unsilo.http.RouteTable;
import org.unsilo.http.WrittenOnce;
import org.unsilo.http.ForwardedHeaders;
import org.unsilo.http.RequestLog;
import org.unsilo.http.HttpsConnector;
import org.unsilo.http.ListeningSocket;
import org.unsilo.http.TlsKeys;
import org.unsilo.ratelimit.Buckets;
import org.unsilo.ratelimit.LocalBuckets;
import org.unsilo.ratelimit.RateLimitFilter;
import org.unsilo.ratelimit.RateLimiter;
import org.unsilo.ratelimit.SharedBuckets;
import org.unsilo.relationships.RelationshipService;
import org.unsilo.relationships.RelationshipUpdater;
import org.unsilo.relationships.Strength;
import org.unsilo.store.Database;
import org.unsilo.store.ServingLock;
import org.unsilo.store.SupportDao;
import org.unsilo.store.UserDao;
import org.unsilo.store.UserDomainRow;
import org.unsilo.store.UserEmailRow;
import org.unsilo.store.DirectoryDao;
import org.unsilo.adoption.Adoption;
import org.unsilo.auth.Passwords;
import org.unsilo.contacts.MergeUndo;
import org.unsilo.directory.DirectorySettings;
import org.unsilo.relationships.Leavers;
import org.unsilo.web.LoginLimiter;
import org.unsilo.web.WebSessions;
import org.unsilo.web.MailboxConnections;
import org.unsilo.web.HelpPage;
import org.unsilo.web.WebView;
import org.unsilo.api.ConnectionsApi;
import org.unsilo.importer.contacts.AddressBookWriter;
import org.unsilo.sync.Connections;
import org.unsilo.sync.MailboxSyncer;
import org.unsilo.sync.OAuthClient;
import org.unsilo.sync.OAuthFlow;
import org.unsilo.sync.Provider;
import org.unsilo.sync.SyncScheduler;
import org.unsilo.sync.SyncService;
import org.unsilo.sync.TokenCipher;
import org.unsilo.sync.google.GoogleSyncer;
import org.unsilo.sync.graph.GraphSyncer;

/** Wiring: config → store → services → HTTP routes. The only place where parts are put together. */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Clock clock;
    private final Database db;
    private final ObjectMapper mapper;
    private final Strength strength;
    private final Directory directory;
    private final UserService users;
    private final ApiTokens tokens;
    private final ExternalIdentities identities;
    private final CaptureService captures;
    private final RelationshipService relationships;
    private final LookupService lookup;
    private final WrittenOnce lookupJson;
    private final ContactService contacts;
    private final OrganizationService organizations;
    private final ActivityRecorder activity;
    private final ImportJobs importJobs;
    private final ImportRunner importRunner = new ImportRunner();
    private final ContactImporter contactImporter;
    private final PendingCaptures pendingCaptures;
    private final LoggedMessages loggedMessages;
    private final Passwords passwords;
    private final Leavers leavers;
    private final WebSessions webSessions;
    private final WebView.Services web;
    private final GmailAddOn gmailAddOn;
    private final ExportService exports;
    private final PrivacyService privacy;
    private final Connections connections;
    private final OAuthFlow oauthFlow;
    private final SyncService sync;
    private final SyncScheduler syncScheduler;
    private final ServerMetrics metrics;
    private final DirectorySettings directorySettings;
    private final Buckets buckets;
    private final RateLimiter rateLimiter;
    private Javalin server;
    private ServingLock serving;
    private List<RouteTable.Route> routes = List.of();

    public App(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        // First, so that the schema work starts on its own thread before the rest is built.
        this.db = Database.openInBackground(config.dbUrl());
        this.mapper = Json.mapper();
        this.metrics = new ServerMetrics();
        AddressParser typed = AddressParser.strict();
        AddressParser observed = AddressParser.forObservedMail();
        OrganizationInference inference = new OrganizationInference(FreemailDomains.builtIn());
        this.strength = new Strength(config.strengthHalfLife());
        this.directory = new Directory(config.internalDomains(),
                () -> new HashSet<>(db.read(h -> h.attach(DirectoryDao.class).internalDomains())),
                () -> db.read(h -> h.attach(UserDao.class).allAddresses()).stream()
                        .collect(Collectors.toMap(UserEmailRow::address, UserEmailRow::userId)),
                () -> new HashSet<>(db.read(h -> h.attach(SupportDao.class).blockPatterns())),
                () -> db.read(h -> h.attach(DirectoryDao.class).allPrivateDomains()).stream().collect(Collectors.groupingBy(
                        UserDomainRow::userId, Collectors.mapping(UserDomainRow::domain, Collectors.toSet()))),
                () -> new HashSet<>(db.read(h -> h.attach(SuppressionDao.class).allHashes())),
                inference, clock);
        RelationshipUpdater updater = new RelationshipUpdater(strength);
        this.users = new UserService(db, observed, directory, clock);
        this.tokens = new ApiTokens(db, clock);
        this.identities = new ExternalIdentities(db, users, clock);
        this.pendingCaptures = new PendingCaptures(db, observed, clock);
        this.loggedMessages = new LoggedMessages(db);
        this.captures = new CaptureService(db, observed, inference, RobotSenders.builtIn(), directory, updater,
                pendingCaptures, config.capturePolicy() == Config.CapturePolicy.BODY, clock);
        this.relationships = new RelationshipService(db, updater, clock);
        this.lookup = new LookupService(db, observed, directory, inference, strength, config.lookupCacheBytes(), clock);
        this.lookupJson = new WrittenOnce(mapper);
        this.contacts = new ContactService(db, typed, directory, strength, updater, clock);
        this.organizations = new OrganizationService(db, inference, directory, strength, clock);
        this.activity = new ActivityRecorder(db, clock);
        this.importJobs = new ImportJobs(db, clock);
        this.contactImporter = new ContactImporter(db, importJobs, observed, directory, inference, RobotSenders.builtIn(), clock);
        this.exports = new ExportService(db, contacts, organizations, clock);
        this.passwords = new Passwords(db, clock);
        this.directorySettings = new DirectorySettings(db, directory, inference, clock);
        this.webSessions = new WebSessions(db, clock, activity);
        // Several servers on PostgreSQL count in one table; one server on SQLite in memory.
        this.buckets = config.isSqlite() ? new LocalBuckets(clock) : new SharedBuckets(db.writeDataSource(), clock);
        this.rateLimiter = new RateLimiter(buckets, config.rateLimits());
        Config.Google google = config.google();
        this.gmailAddOn = new GmailAddOn(google.addOnEnabled()
                ? new AddOnAuthenticator(new GoogleIdTokens(google.certsUrl(), clock), google, config.baseUrl(), identities)
                : null, new GmailReader(google.apiRoot()), new Cards(config.baseUrl()), lookup, contacts, organizations,
                captures, loggedMessages, activity, observed, RobotSenders.builtIn(), mapper, rateLimiter);
        this.privacy = new PrivacyService(db, observed, directory, contacts, strength, clock);
        TokenCipher cipher = TokenCipher.fromConfig(config.sync());
        com.google.api.client.http.javanet.NetHttpTransport transport = new com.google.api.client.http.javanet.NetHttpTransport();
        OAuthClient oauth = new OAuthClient(config.sync(), transport);
        this.connections = new Connections(db, cipher, clock);
        this.oauthFlow = new OAuthFlow(db, oauth, connections, cipher, config.baseUrl(), clock);
        java.util.Map<Provider, MailboxSyncer> syncers = java.util.Map.of(
                Provider.MICROSOFT, new GraphSyncer(config.sync().graphBaseUrl()),
                Provider.GOOGLE, new GoogleSyncer(transport, config.sync().gmailRootUrl(), config.sync().peopleRootUrl(),
                        config.sync().windowDays(), clock));
        this.sync = new SyncService(db, connections, oauth, captures,
                new AddressBookWriter(observed, directory, inference, RobotSenders.builtIn()), syncers, clock);
        this.syncScheduler = new SyncScheduler(db, sync, config.sync().interval());
        this.leavers = new Leavers(db, clock);
        this.web = new WebView.Services(db, users, tokens, passwords, webSessions,
                new LoginLimiter(buckets, LoginLimiter.PER_ADDRESS, LoginLimiter.PER_ACCOUNT), activity, contacts,
                new MergeUndo(db, updater, clock), organizations, relationships, leavers, new Adoption(db, clock),
                directorySettings, importJobs, exports, new WebMailboxes(connections, oauthFlow, syncScheduler, config.sync()),
                privacy);
        metrics.gauge("unsilo_sync_lag_seconds_max", "Seconds since the least recent complete sync round of any connection",
                connections, c -> {
                    Long oldest = c.health().oldestSuccessAt();
                    return oldest == null ? 0 : (clock.millis() - oldest) / 1000;
                });
        metrics.gauge("unsilo_sync_connections_unhealthy", "Mailbox connections whose last round did not complete",
                connections, c -> c.health().unhealthy());
        metrics.counter("unsilo_lookup_cards_cached", "Contacts a lookup answered from memory", lookup,
                LookupService::cardsCached);
        metrics.counter("unsilo_lookup_cards_read", "Contacts a lookup read from the database", lookup,
                LookupService::cardsRead);
    }

    /** The web view's settings page on top of mailbox sync (the two packages are siblings; App joins them). */
    private record WebMailboxes(Connections connections, OAuthFlow flow, SyncScheduler scheduler, SyncConfig config)
            implements MailboxConnections {

        @Override
        public List<MailboxConnections.Connection> of(long userId) {
            return connections.forUser(userId).stream().map(c -> new MailboxConnections.Connection(c.id(), c.provider(),
                    c.status(), c.lastSuccessAt() == null ? null : java.time.Instant.ofEpochMilli(c.lastSuccessAt()),
                    c.lastError())).toList();
        }

        @Override
        public List<String> providers() {
            return java.util.Arrays.stream(Provider.values()).map(Provider::wireName).filter(config::hasClient).toList();
        }

        @Override
        public java.util.Optional<String> start(long userId, String provider) {
            return java.util.Arrays.stream(Provider.values())
                    .filter(p -> p.wireName().equals(provider) && config.hasClient(provider))
                    .findFirst()
                    .map(p -> flow.start(userId, p));
        }

        @Override
        public boolean disconnect(long userId, long connectionId) {
            return connections.find(connectionId).filter(c -> c.userId() == userId).map(c -> {
                scheduler.cancel(c.id());
                return connections.delete(c.id());
            }).orElse(false);
        }
    }

    /**
     * Starts the HTTP server on {@code socket}, opened before this application was wired ({@link ListeningSocket}).
     * Its configuration must be the one for the port bound: with port 0, loaded again with the port the system
     * picked, so that the parts built from it name that port. If this fails, the socket is still the caller's to close.
     */
    public App serve(ListeningSocket socket) {
        if (socket.port() != config.port()) {
            throw new IllegalArgumentException("the configuration is for port " + config.port() + " but the server listens on "
                    + socket.port() + "; load it for the port bound");
        }
        // Jetty pads some of its queues to the cache line and, unless told how many references fill one, asks the
        // JVM through JMX, which starts the whole platform MBean server (~0.1 s of every start). 64-byte lines of
        // 4-byte (compressed) references; only a layout hint, harmless if the heap is larger.
        System.getProperties().putIfAbsent("org.eclipse.jetty.util.referencesPerCacheLine", "16");
        // Until close: 'unsilo restore' refuses to replace a database a server is using.
        serving = ServingLock.hold(config.dbUrl());
        if (serving.alreadyServed()) {
            LOG.warn("Another Unsilo server is already using this SQLite database. That works, but each server learns of"
                    + " the other's writes late (lookups may be a little stale); for several servers use PostgreSQL.");
        }
        Requests requests = new Requests(mapper);
        WebView webView = new WebView(web, config.baseUrl(), config.internalDomains(),
                new WebView.Oidc(OidcProviders.from(config), identities, clock),
                new HelpPage.Settings(config.strengthHalfLife().toDays(), config.capturePolicy() == Config.CapturePolicy.BODY));
        ErrorHandlers errors = new ErrorHandlers(mapper, webView::notFound);
        // Read before anything is served: a wrong certificate or key stops the start with a message naming the setting.
        TlsKeys.Loaded tlsKeys = config.tls().enabled()
                ? TlsKeys.load(config.tls().certificate(), config.tls().privateKey())
                : null;
        server = Javalin.create(cfg -> {
            // With a connector of its own, Javalin opens no socket of its own.
            cfg.jetty.addConnector((jetty, http) -> socket.attach(tlsKeys == null
                    ? new ServerConnector(jetty, new HttpConnectionFactory(http))
                    : HttpsConnector.create(jetty, http, tlsKeys, config.tls().certificate(), config.tls().privateKey())));
            cfg.startup.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.http.maxRequestSize = config.maxRequestBytes();
            // A known path with the wrong method is a 405 naming the allowed ones, not a "no such resource".
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(s -> s.setErrorHandler(new ProtocolErrorHandler(mapper)));
            cfg.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new ProtocolErrorHandler(mapper)));
            RequestLog requestLog = new RequestLog();
            // Counted first: once a request's log line is written, /metrics includes it.
            cfg.requestLogger.http((ctx, ms) -> {
                metrics.request(ctx, ms);
                requestLog.log(ctx, ms);
            });
            errors.register(cfg.routes);
            cfg.routes.exception(InvalidCaptureException.class, (e, ctx) -> errors.write(ctx, 422, "Capture cannot be stored",
                    e.getMessage(), List.of(new Problem.FieldError(e.field(), e.getMessage()))));
            cfg.routes.exception(InvalidFieldException.class, (e, ctx) -> errors.write(ctx, 400, "Invalid request",
                    e.getMessage(), List.of(new Problem.FieldError(e.field(), e.getMessage()))));
            cfg.routes.exception(ContactConflictException.class, (e, ctx) -> errors.write(ctx, 409, "Conflict",
                    e.getMessage(), null));
            new ForwardedHeaders(config.trustedProxies()).register(cfg.routes);
            RateLimitFilter rateLimits = new RateLimitFilter(rateLimiter);
            Filters filters = new Filters(authenticators(), config.maxRequestBytes(), Set.of(ImportsApi.UPLOAD_PATH),
                    config.maxUploadBytes(), rateLimits::perAddress, tlsKeys != null);
            filters.registerHeaders(cfg.routes);
            // Before the checks that refuse a request (401, 413, 429): a browser lets the add-in read an answer only
            // with its CORS headers.
            new Cors(config.corsOrigins()).register(cfg.routes);
            filters.registerChecks(cfg.routes);
            // After authentication (it counts per caller) and CORS (a browser can read the 429 only with its headers).
            rateLimits.register(cfg.routes);
            new OutlookPane(config.entra(), paneEntraScope(config)).register(cfg);
            RouteTable table = new RouteTable(cfg.routes);
            new SystemApi(db).register(table);
            new LookupApi(lookup, activity, requests, lookupJson).register(table);
            new CaptureApi(captures, db, activity, requests, mapper, clock).register(table);
            new CaptureStatusApi(loggedMessages, pendingCaptures, requests).register(table);
            new ContactsApi(contacts, requests).register(table);
            new OrganizationsApi(organizations, requests).register(table);
            new RelationshipsApi(relationships, contacts, users, strength, clock).register(table);
            new MeApi(users, tokens, requests).register(table);
            new AdminApi(users, tokens, db, requests).register(table);
            new ImportsApi(importJobs, importRunner, contactImporter, new MailImporter(captures, users, importJobs, db), users,
                    requests, config.importDir(),
                    config.maxUploadBytes()).register(table);
            new ExportsApi(exports).register(table);
            new PrivacyApi(privacy).register(table);
            ConnectionsApi connectionsApi = new ConnectionsApi(connections, oauthFlow, syncScheduler, users,
                    directorySettings, config.sync(), requests, config.baseUrl(), clock);
            connectionsApi.register(table);
            connectionsApi.registerCallback(cfg.routes);
            metrics.register(cfg.routes);
            routes = table.registered();
            webView.register(cfg.routes);
            // Not /api: Google calls these with its own signed tokens (verified there), outside the OpenAPI surface.
            gmailAddOn.register(cfg.routes);
        });
        server.start();
        syncScheduler.start(connections.all());
        return this;
    }

    /** API tokens always; Entra ID access tokens too when a client id is configured. */
    private List<BearerAuthenticator> authenticators() {
        if (!config.entra().enabled()) {
            return List.of(tokens);
        }
        // Checked here, not when the settings are read: `unsilo manifest` needs only the client id.
        if (config.entra().tenants().isEmpty()) {
            throw new ConfigException(ConfigLoader.ENTRA_TENANTS + " must list the allowed tenant ids when "
                    + ConfigLoader.ENTRA_CLIENT_ID + " is set");
        }
        return List.of(tokens, new EntraAuthenticator(new EntraTokenVerifier(config.entra()), identities,
                config.entra().provisionDomains()));
    }

    public int port() {
        if (server == null) {
            throw new IllegalStateException("the server has not been started");
        }
        return server.port();
    }

    public List<RouteTable.Route> routes() {
        return routes;
    }

    public Config config() {
        return config;
    }

    public Database db() {
        return db;
    }

    public UserService users() {
        return users;
    }

    public ExternalIdentities identities() {
        return identities;
    }

    public ApiTokens tokens() {
        return tokens;
    }

    public CaptureService captures() {
        return captures;
    }

    public RelationshipService relationships() {
        return relationships;
    }

    public LookupService lookup() {
        return lookup;
    }

    public ContactService contacts() {
        return contacts;
    }

    public OrganizationService organizations() {
        return organizations;
    }

    public ActivityRecorder activity() {
        return activity;
    }

    public ImportJobs importJobs() {
        return importJobs;
    }

    public ContactImporter contactImporter() {
        return contactImporter;
    }

    public Passwords passwords() {
        return passwords;
    }

    public Leavers leavers() {
        return leavers;
    }

    public WebView.Services web() {
        return web;
    }

    public ExportService exports() {
        return exports;
    }

    public PrivacyService privacy() {
        return privacy;
    }

    public Connections connections() {
        return connections;
    }

    public SyncService sync() {
        return sync;
    }

    public SyncScheduler syncScheduler() {
        return syncScheduler;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The scope the Outlook pane asks Entra for: on the Application ID URI the manifests name. Null without Entra, or
     * when the base URL cannot serve add-ins at all (plain http off localhost): the pane then offers token sign-in only.
     */
    private static String paneEntraScope(Config config) {
        if (!config.entra().enabled()) {
            return null;
        }
        try {
            return new OutlookAddin(AddinUrls.of(config.baseUrl()), config.entra().clientId()).entraResource() + "/access_as_user";
        } catch (InvalidFieldException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        importRunner.close();
        metrics.close();
        syncScheduler.close();
        // Commit every queued capture before the database closes: their callers were promised a stored capture.
        captures.close();
        organizations.close();
        activity.close();
        buckets.close();
        db.close();
        if (serving != null) {
            serving.close();
        }
    }
}
