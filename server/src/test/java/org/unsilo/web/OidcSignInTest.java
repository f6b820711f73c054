package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.auth.VerifiedIdentity;
import org.unsilo.config.ConfigLoader;
import org.unsilo.store.UserRow;
import org.unsilo.testing.LogCapture;
import org.unsilo.testing.TestServer;

/**
 * OIDC sign-in to the web view, end to end over HTTP against a local provider stub: a browser without JavaScript
 * follows every redirect by hand (server → provider → server) and keeps cookies. The server's public URL is
 * {@value #PUBLIC}, as behind a reverse proxy; the browser maps it to the test server's port.
 */
class OidcSignInTest {

    private static final String PUBLIC = "http://unsilo.test";
    private static final String ENTRA_CLIENT = "6b1d4f7e-2a55-4c1b-9c0f-3f8f5d3b2a10";
    private static final String TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
    private static final String OTHER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String GOOGLE_CLIENT = "1234-web.apps.googleusercontent.com";
    private static final String SECRET_ENTRA = "entra-secret-value";
    private static final String SECRET_GOOGLE = "google-secret-value";

    private static OidcProviderStub provider;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        provider = new OidcProviderStub(Map.of(ENTRA_CLIENT, SECRET_ENTRA, GOOGLE_CLIENT, SECRET_GOOGLE));
        Map<String, String> settings = new HashMap<>();
        settings.put(ConfigLoader.BASE_URL, PUBLIC);
        settings.put(ConfigLoader.WEB_ENTRA_CLIENT_ID, ENTRA_CLIENT);
        settings.put(ConfigLoader.WEB_ENTRA_CLIENT_SECRET, SECRET_ENTRA);
        settings.put(ConfigLoader.ENTRA_AUTHORITY, provider.url("/entra"));
        settings.put(ConfigLoader.ENTRA_CLIENT_ID, ENTRA_CLIENT);
        settings.put(ConfigLoader.ENTRA_TENANTS, TENANT);
        settings.put(ConfigLoader.ENTRA_JWKS_URL, provider.url("/entra/keys"));
        settings.put(ConfigLoader.ENTRA_PROVISION_DOMAINS, "contoso.example");
        settings.put(ConfigLoader.WEB_GOOGLE_CLIENT_ID, GOOGLE_CLIENT);
        settings.put(ConfigLoader.WEB_GOOGLE_CLIENT_SECRET, SECRET_GOOGLE);
        settings.put(ConfigLoader.WEB_GOOGLE_AUTH_URL, provider.url("/google/auth"));
        settings.put(ConfigLoader.WEB_GOOGLE_TOKEN_URL, provider.url("/google/token"));
        settings.put(ConfigLoader.GOOGLE_CERTS_URL, provider.url("/google/certs"));
        settings.put(ConfigLoader.GOOGLE_DOMAINS, "fabrikam.example");
        server = TestServer.start(settings);
        server.staff("gina@fabrikam.example", "Gina Gomez");
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.close();
    }

    private static Map<String, Object> entraPerson(String oid, String email, String name) {
        return Map.of("iss", "https://login.microsoftonline.com/" + TENANT + "/v2.0", "sub", "pairwise-" + oid, "tid", TENANT,
                "oid", oid, "preferred_username", email, "name", name);
    }

    private static Map<String, Object> googlePerson(String sub, String email) {
        return Map.of("iss", "https://accounts.google.com", "sub", sub, "email", email, "email_verified", true,
                "hd", "fabrikam.example", "name", "Gina Gomez");
    }

    // ---- the browser ------------------------------------------------------------------------------------------

    private record Answer(int status, String body, String location) {
    }

    /** A browser without JavaScript: keeps cookies, follows nothing by itself. */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        Answer get(String url) {
            // The server's public address reaches the test server, as a reverse proxy would.
            String real = url.startsWith("/") ? server.url(url) : url.startsWith(PUBLIC) ? server.url(url.substring(PUBLIC.length())) : url;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(real)).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Clicks "Sign in with …" and lets the provider sign in; returns the provider's redirect back (not followed). */
        String toProvider(String provider, String next, UnaryOperator<String> tamperAuthorizationUrl) {
            Answer start = get("/login/oidc/" + provider + (next == null ? "" : "?next=" + next));
            assertThat(start.status()).as(start.body()).isEqualTo(303);
            Answer atProvider = get(tamperAuthorizationUrl.apply(start.location()));
            assertThat(atProvider.status()).as(atProvider.body()).isEqualTo(302);
            assertThat(atProvider.location()).startsWith(PUBLIC + "/login/oidc/" + provider + "/callback?");
            return atProvider.location();
        }

        Answer signIn(String provider) {
            return get(toProvider(provider, null, UnaryOperator.identity()));
        }

        boolean hasSession() {
            Answer home = get("/");
            return home.status() == 200 && home.body().contains("class=\"who\"");
        }
    }

    private static void assertRefused(Browser browser, Answer answer, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.body()).contains("role=\"alert\"").contains(message).contains("Sign in to Unsilo");
        assertThat(browser.hasSession()).as("no session after a refused sign-in").isFalse();
    }

    // ---- the tests --------------------------------------------------------------------------------------------

    @Test
    void theSignInPageOffersTheConfiguredProviders() {
        Answer page = new Browser().get("/login?next=/contacts");
        assertThat(page.body()).contains("Sign in with Microsoft").contains("Sign in with Google")
                .contains("href=\"/login/oidc/entra?next=%2Fcontacts\"");
        assertThat(new Browser().get("/login/oidc/github").status()).isEqualTo(404);
    }

    @Test
    void theAuthorizationRequestCarriesPkceStateNonceAndOurRedirect() {
        Answer start = new Browser().get("/login/oidc/entra");
        URI to = URI.create(start.location());
        assertThat(to.getPath()).isEqualTo("/entra/" + TENANT + "/oauth2/v2.0/authorize");
        assertThat(to.getQuery()).contains("response_type=code", "code_challenge_method=S256", "client_id=" + ENTRA_CLIENT,
                "redirect_uri=" + PUBLIC + "/login/oidc/entra/callback", "scope=openid+email+profile", "state=", "nonce=");
        Answer another = new Browser().get("/login/oidc/entra");
        assertThat(param(another.location(), "state")).isNotEqualTo(param(start.location(), "state"));
        assertThat(param(another.location(), "nonce")).isNotEqualTo(param(start.location(), "nonce"));
    }

    @Test
    void entraSignInProvisionsAMemberAndIsTheSameAccountAsTheOutlookPath() throws Exception {
        provider.nextLogin(entraPerson("oid-nestor", "Nestor@contoso.example", "Nestor Wilke"), UnaryOperator.identity());
        Browser browser = new Browser();
        Answer back = browser.get(browser.toProvider("entra", "/contacts", UnaryOperator.identity()));
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        assertThat(back.location()).isEqualTo("/contacts");
        Answer home = browser.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Nestor Wilke");

        UserRow user = server.app().users().findByEmail("nestor@contoso.example").orElseThrow();
        Optional<UserRow> outlook = server.app().identities()
                .resolve(new VerifiedIdentity("entra", "oid-nestor", "nestor.wilke@contoso.example", "Nestor"), Set.of());
        assertThat(outlook).map(UserRow::id).contains(user.id());
        // The Outlook add-in's Entra access token (same app registration) reaches the same account on the API.
        Instant now = Instant.now();
        String accessToken = provider.sign(new JWTClaimsSet.Builder().issuer("https://login.microsoftonline.com/" + TENANT + "/v2.0")
                .audience(ENTRA_CLIENT).claim("tid", TENANT).claim("oid", "oid-nestor")
                .claim("preferred_username", "nestor@contoso.example").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(1, ChronoUnit.HOURS))).build());
        TestServer.Response me = server.get("/api/v1/me", accessToken);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("id").asLong()).isEqualTo(user.id());
    }

    @Test
    void googleSignInLinksTheExistingAccountWithThatAddress() {
        UserRow gina = server.app().users().findByEmail("gina@fabrikam.example").orElseThrow();
        provider.nextLogin(googlePerson("google-sub-gina", "gina@fabrikam.example"), UnaryOperator.identity());
        Browser browser = new Browser();
        Answer back = browser.signIn("google");
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        assertThat(back.location()).isEqualTo("/");
        assertThat(browser.get("/").body()).contains("Gina Gomez");
        // The Gmail add-on resolves Google users the same way: same provider name and subject, same account.
        assertThat(server.app().identities().resolve(new VerifiedIdentity("google", "google-sub-gina", "other@fabrikam.example", null),
                Set.of())).map(UserRow::id).contains(gina.id());
    }

    @Test
    void aWrongMissingOrReplayedStateIsRefused() {
        provider.nextLogin(googlePerson("google-sub-gina", "gina@fabrikam.example"), UnaryOperator.identity());
        Browser browser = new Browser();
        String callback = browser.toProvider("google", null, UnaryOperator.identity());
        String state = param(callback, "state");
        assertRefused(browser, browser.get(callback.replace("state=" + state, "state=forged" + state)), "expired or was already used");

        String fresh = browser.toProvider("google", null, UnaryOperator.identity());
        assertRefused(browser, browser.get(fresh.replaceAll("&state=[^&]*", "")), "expired or was already used");

        String once = browser.toProvider("google", null, UnaryOperator.identity());
        assertThat(browser.get(once).status()).isEqualTo(303);
        Browser replayer = new Browser();
        replayer.toProvider("google", null, UnaryOperator.identity()); // has a flow cookie of its own
        assertRefused(replayer, replayer.get(once), "expired or was already used");
        assertThat(browser.get(once).status()).as("used states stay used").isEqualTo(401);
    }

    @Test
    void aCallbackInAnotherBrowserIsRefused() {
        provider.nextLogin(googlePerson("google-sub-gina", "gina@fabrikam.example"), UnaryOperator.identity());
        String callback = new Browser().toProvider("google", null, UnaryOperator.identity());
        Browser victim = new Browser();
        victim.get("/login/oidc/google");
        assertRefused(victim, victim.get(callback), "expired or was already used");
    }

    @Test
    void aBadIdTokenIsRefusedWithTheSignInPageAndNoSession() {
        Instant now = Instant.now();
        Map<String, UnaryOperator<JWTClaimsSet.Builder>> bad = Map.of(
                "nonce mismatch", b -> b.claim("nonce", "not-the-nonce"),
                "expired", b -> b.issueTime(Date.from(now.minus(2, ChronoUnit.HOURS))).expirationTime(Date.from(now.minus(5, ChronoUnit.MINUTES))),
                "issued in the future", b -> b.issueTime(Date.from(now.plus(10, ChronoUnit.MINUTES))),
                "wrong audience", b -> b.audience("00000003-0000-0000-c000-000000000000"),
                "wrong issuer", b -> b.issuer("https://sts.windows.net/" + TENANT + "/"),
                "tenant not allowed", b -> b.issuer("https://login.microsoftonline.com/" + OTHER_TENANT + "/v2.0").claim("tid", OTHER_TENANT));
        try (LogCapture logs = new LogCapture()) {
            bad.forEach((why, tweak) -> {
                provider.nextLogin(entraPerson("oid-megan", "megan@contoso.example", "Megan Bowen"), tweak);
                Browser browser = new Browser();
                Answer answer = browser.signIn("entra");
                assertThat(answer.status()).as(why + ": " + answer.body()).isEqualTo(401);
                assertRefused(browser, answer, "Microsoft");
            });
            assertThat(logs.lines()).as("each refusal is logged with its reason").filteredOn(l -> l.contains("entra sign-in refused"))
                    .hasSizeGreaterThanOrEqualTo(bad.size());
            assertThat(String.join("\n", logs.lines())).as("no token or code in the log").doesNotContain("eyJ").doesNotContain("code=");
        }
        assertThat(server.app().users().findByEmail("megan@contoso.example")).as("nobody was provisioned").isEmpty();
    }

    @Test
    void aTokenWhoseTenantClaimIsNotAllowedIsRefusedEvenUnderAnAllowedIssuer() {
        provider.nextLogin(entraPerson("oid-eve", "eve@contoso.example", "Eve"), b -> b.claim("tid", OTHER_TENANT));
        Browser browser = new Browser();
        assertRefused(browser, browser.signIn("entra"), "organisation is not allowed");
    }

    @Test
    void googleAccountsOutsideTheAllowedWorkspaceOrUnverifiedAreRefused() {
        Map<String, Map<String, Object>> bad = Map.of(
                "unverified address", with(googlePerson("g-1", "gina@fabrikam.example"), "email_verified", false),
                "other Workspace domain", with(googlePerson("g-2", "eve@elsewhere.example"), "hd", "elsewhere.example"),
                "consumer account with a company address", without(googlePerson("g-3", "eve@fabrikam.example"), "hd"),
                "address outside the domain", googlePerson("g-4", "eve@gmail.com"));
        bad.forEach((why, claims) -> {
            provider.nextLogin(claims, UnaryOperator.identity());
            Browser browser = new Browser();
            Answer answer = browser.signIn("google");
            assertThat(answer.status()).as(why).isEqualTo(401);
            assertRefused(browser, answer, "Google");
        });
    }

    @Test
    void anUnknownPersonOutsideTheProvisionedDomainsIsToldSo() {
        provider.nextLogin(googlePerson("g-unknown", "ursula@fabrikam.example"), UnaryOperator.identity());
        Browser browser = new Browser();
        // fabrikam.example is an allowed Google domain, so Ursula gets an account like on the Gmail add-on.
        assertThat(browser.signIn("google").status()).isEqualTo(303);
        provider.nextLogin(entraPerson("oid-stranger", "stranger@partner.example", "Stranger"), UnaryOperator.identity());
        Browser stranger = new Browser();
        assertRefused(stranger, stranger.signIn("entra"), "There is no Unsilo account for stranger@partner.example");
    }

    @Test
    void aWrongPkceVerifierMakesTheProviderRefuseTheCode() {
        provider.nextLogin(entraPerson("oid-megan", "megan@contoso.example", "Megan Bowen"), UnaryOperator.identity());
        Browser browser = new Browser();
        // Someone swapped the challenge on the way to the provider: the server's verifier no longer matches it.
        String callback = browser.toProvider("entra", null, url -> url.replaceAll("code_challenge=[^&]*",
                "code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assertRefused(browser, browser.get(callback), "Microsoft refused to complete the sign-in (invalid_grant)");
    }

    @Test
    void theProviderReportingAnErrorGoesBackToSignIn() {
        Browser browser = new Browser();
        String state = param(browser.get("/login/oidc/entra").location(), "state");
        assertRefused(browser, browser.get(PUBLIC + "/login/oidc/entra/callback?error=access_denied&state=" + state),
                "Microsoft did not sign you in (access_denied)");
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> m = new HashMap<>(claims);
        m.put(name, value);
        return m;
    }

    private static Map<String, Object> without(Map<String, Object> claims, String name) {
        Map<String, Object> m = new HashMap<>(claims);
        m.remove(name);
        return m;
    }

    private static String param(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }
}
