package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.auth.ExternalIdentities;
import org.unsilo.auth.OidcException;
import org.unsilo.auth.OidcProvider;
import org.unsilo.auth.VerifiedIdentity;
import org.unsilo.store.UserRow;

/**
 * Sign-in with Microsoft or Google: {@code /login/oidc/{provider}} sends the browser to the provider with a fresh
 * state, nonce and PKCE challenge (and a short-lived cookie binding them to this browser); the callback checks all
 * of it, has the provider's ID token verified, maps the person to a staff account like the add-ins do, and starts
 * an ordinary web session. Any failure goes back to the sign-in page with a reason and no session.
 */
final class OidcPages {

    private static final Logger LOG = LoggerFactory.getLogger(OidcPages.class);
    static final String FLOW_COOKIE = "unsilo_oidc";

    private final Map<String, OidcProvider> providers;
    private final OidcFlows flows;
    private final ExternalIdentities identities;
    private final LoginPages login;
    private final WebSessions sessions;
    private final Cookies cookies;
    private final String baseUrl;

    OidcPages(List<OidcProvider> providers, OidcFlows flows, ExternalIdentities identities, LoginPages login,
              WebSessions sessions, Cookies cookies, String baseUrl) {
        this.providers = providers.stream().collect(Collectors.toUnmodifiableMap(OidcProvider::name, Function.identity()));
        this.flows = flows;
        this.identities = identities;
        this.login = login;
        this.sessions = sessions;
        this.cookies = cookies;
        this.baseUrl = baseUrl;
    }

    void register(RoutesConfig routes) {
        routes.get("/login/oidc/{provider}", this::start);
        routes.get("/login/oidc/{provider}/callback", this::callback);
    }

    private void start(Context ctx) {
        OidcProvider provider = provider(ctx);
        String binding = sessions.randomToken();
        Optional<OidcFlows.Started> started = flows.start(provider.name(), binding, LoginPages.safeNext(ctx.queryParam("next")));
        if (started.isEmpty()) {
            login.show(ctx, 503, null, "Too many sign-ins are under way. Try again in a minute.");
            return;
        }
        cookies.set(ctx, FLOW_COOKIE, binding, OidcFlows.LIFETIME.toSeconds());
        OidcFlows.Pending p = started.get().pending();
        ctx.redirect(provider.authorizationUri(redirectUri(provider), started.get().state(), p.nonce(), p.verifier()).toString(),
                HttpStatus.SEE_OTHER);
    }

    private void callback(Context ctx) {
        OidcProvider provider = provider(ctx);
        String binding = ctx.cookie(FLOW_COOKIE);
        cookies.clear(ctx, FLOW_COOKIE);
        Optional<OidcFlows.Pending> pending = flows.take(ctx.queryParam("state"), provider.name(), binding);
        if (pending.isEmpty()) {
            LOG.info("{} sign-in refused: unknown, used, expired or foreign state", provider.name());
            refuse(ctx, "This sign-in link has expired or was already used. Sign in again.");
            return;
        }
        String error = ctx.queryParam("error");
        if (error != null && !error.matches("[A-Za-z0-9_.-]{1,64}")) {
            error = "unknown error"; // shown and logged: nothing a forged link could smuggle in
        }
        String code = ctx.queryParam("code");
        if (error != null || code == null || code.isBlank()) {
            LOG.info("{} sign-in not completed at the provider: {}", provider.name(), error);
            refuse(ctx, provider.label() + " did not sign you in" + (error == null ? "" : " (" + error + ")") + ".");
            return;
        }
        try {
            VerifiedIdentity who = provider.complete(code, redirectUri(provider), pending.get().verifier(), pending.get().nonce());
            Optional<UserRow> user = identities.resolve(who, provider.provisionDomains());
            if (user.isEmpty()) {
                LOG.info("{} sign-in refused: no active account for the identity", provider.name());
                refuse(ctx, "There is no Unsilo account for " + who.email() + ". Ask an admin to add you.");
                return;
            }
            login.signIn(ctx, user.get(), pending.get().next());
        } catch (OidcException e) {
            refuse(ctx, e.getMessage());
        }
    }

    private void refuse(Context ctx, String message) {
        login.show(ctx, 401, null, message);
    }

    private OidcProvider provider(Context ctx) {
        OidcProvider provider = providers.get(ctx.pathParam("provider"));
        if (provider == null) {
            throw WebReject.status(404, "This sign-in method is not set up on this server.");
        }
        return provider;
    }

    private URI redirectUri(OidcProvider provider) {
        return URI.create(baseUrl + "/login/oidc/" + provider.name() + "/callback");
    }
}
