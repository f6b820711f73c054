package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.adoption.Adoption;
import org.unsilo.auth.ApiTokens;
import org.unsilo.auth.ExternalIdentities;
import org.unsilo.auth.OidcProvider;
import org.unsilo.auth.Passwords;
import org.unsilo.auth.UserService;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.MergeUndo;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.directory.DirectorySettings;
import org.unsilo.exports.ExportService;
import org.unsilo.importer.ImportJobs;
import org.unsilo.privacy.PrivacyService;
import org.unsilo.relationships.Leavers;
import org.unsilo.relationships.RelationshipService;
import org.unsilo.store.Database;

/**
 * The server-rendered web view (DESIGN.md §11): registers its pages directly on Javalin (not in the API's route
 * table) behind their own session filter, and turns early exits into redirects or HTML error pages.
 */
public final class WebView {

    /** The services the pages use; all exist already in {@code App}. */
    public record Services(Database db, UserService users, ApiTokens tokens, Passwords passwords, WebSessions sessions,
                           LoginLimiter limiter, ActivityRecorder activity, ContactService contacts, MergeUndo mergeUndo,
                           OrganizationService organizations, RelationshipService relationships, Leavers leavers,
                           Adoption adoption, DirectorySettings directory, ImportJobs imports, ExportService exports,
                           MailboxConnections mailboxes, PrivacyService privacy) {
    }

    private final Services s;
    private final Set<String> configuredDomains;
    private final Cookies cookies;
    private final Templates templates = new Templates();
    private final String baseUrl;
    private final Oidc oidc;
    private final HelpPage.Settings help;

    /** OIDC sign-in: the configured providers (none: password sign-in only) and how people are mapped to accounts. */
    public record Oidc(List<OidcProvider> providers, ExternalIdentities identities, Clock clock) {
        public Oidc {
            providers = List.copyOf(providers);
        }
    }

    public WebView(Services services, String baseUrl, Set<String> configuredDomains, Oidc oidc, HelpPage.Settings help) {
        this.s = services;
        this.help = help;
        this.configuredDomains = configuredDomains;
        this.cookies = new Cookies(baseUrl);
        this.baseUrl = baseUrl;
        this.oidc = oidc;
    }

    public void register(RoutesConfig routes) {
        new ServerTiming().register(routes);
        routes.before(new WebFilter(s.sessions())::before);
        routes.exception(WebReject.class, this::reject);
        new Assets().register(routes);
        LoginPages login = new LoginPages(s.users(), s.passwords(), s.sessions(), s.limiter(), s.activity(), cookies, templates,
                oidc.providers());
        login.register(routes);
        if (!oidc.providers().isEmpty()) {
            new OidcPages(oidc.providers(), new OidcFlows(oidc.clock()), oidc.identities(), login, s.sessions(), cookies, baseUrl)
                    .register(routes);
        }
        new DashboardPages(s.adoption(), s.users(), templates).register(routes);
        new HelpPage(help, templates).register(routes);
        new OrganizationPages(s.organizations(), templates).register(routes);
        new ContactPages(s.contacts(), s.mergeUndo(), s.leavers(), templates).register(routes);
        new RelationshipPages(s.relationships(), s.contacts(), s.users(), s.leavers(), s.sessions(), s.tokens(), templates)
                .register(routes);
        OnceForms once = new OnceForms(s.sessions(), templates);
        new SettingsPages(s.tokens(), s.directory(), s.mailboxes(), s.passwords(), s.sessions(), once, templates).register(routes);
        new ExportDownloads(s.exports()).register(routes);
        AuditLog audit = new AuditLog(s.db());
        new AdminPages(s.users(), s.passwords(), s.sessions(), once, s.tokens(), s.directory(), configuredDomains, s.imports(),
                audit, templates).register(routes);
        new PrivacyPages(s.privacy(), s.contacts(), audit, templates).register(routes);
        new ManifestsPage(baseUrl, templates).register(routes);
    }

    private void reject(WebReject e, Context ctx) {
        if (e.location() != null) {
            ctx.redirect(e.location(), io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        WebSessions.Session session = ctx.attribute(WebFilter.SESSION);
        error(ctx, e.status(), e.getMessage(), session);
    }

    /** The page a browser gets for an address with no page; with the navigation when its session is still valid. */
    public void notFound(Context ctx) {
        error(ctx, 404, "There is no page at " + ctx.path() + ". The address may be mistyped, or the page has moved.",
                s.sessions().find(ctx.cookie(WebFilter.SESSION_COOKIE)).orElse(null));
    }

    private void error(Context ctx, int status, String message, WebSessions.Session session) {
        Map<String, Object> m = new HashMap<>();
        m.put("layout", new Layout(status == 404 ? "Not found" : status == 403 ? "Not allowed" : "Something is not right", "",
                session == null ? null : session.user(), session == null ? "" : session.csrfToken()));
        m.put("status", status);
        m.put("message", sentence(message));
        // Back to the page the refused form was on, when it is one of ours.
        String back = WebFilter.sameSitePath(ctx.header("Referer"), ctx);
        m.put("back", back.equals("/") ? null : back);
        templates.render(ctx, status, "error.jte", m);
    }

    /** A message as a sentence: capital first letter, full stop. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String m = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return m.endsWith(".") || m.endsWith("?") || m.endsWith("!") ? m : m + ".";
    }
}
