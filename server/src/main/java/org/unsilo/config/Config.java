package org.unsilo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything the server can be told, already resolved from defaults, the config file,
 * {@code UNSILO_*} environment variables and command-line flags (in that order of precedence).
 *
 * <p>{@code entraClientId} is null until an Entra app is registered for the Outlook add-in's sign-in.
 */
public record Config(
        String baseUrl,
        int port,
        String bind,
        Path dataDir,
        String dbUrl,
        Set<String> internalDomains,
        CapturePolicy capturePolicy,
        Duration strengthHalfLife,
        int maxRequestBytes,
        Path importDir,
        long maxUploadBytes,
        long lookupCacheBytes,
        Entra entra,
        List<String> corsOrigins,
        Google google,
        SyncConfig sync,
        WebSignIn webSignIn,
        RateLimits rateLimits,
        List<String> trustedProxies,
        Tls tls) {

    public enum CapturePolicy { SNIPPET, BODY }

    /**
     * Direct HTTPS: the PEM certificate chain and private key the server terminates TLS with; both null when a
     * reverse proxy does it (or for plain HTTP on the loopback).
     */
    public record Tls(Path certificate, Path privateKey) {
        public boolean enabled() {
            return certificate != null;
        }
    }

    /**
     * Entra ID sign-in for the Outlook add-in (nested app authentication). Off when {@code clientId} is null:
     * then only personal API tokens are accepted.
     *
     * @param issuerTemplate the expected {@code iss}, with {@code {tenantid}} standing for the token's {@code tid}
     * @param provisionDomains address domains whose unknown users become members on first sign-in
     */
    public record Entra(String clientId, Set<String> tenants, String jwksUrl, String issuerTemplate,
                        Set<String> provisionDomains) {
        public boolean enabled() {
            return clientId != null;
        }
    }

    /**
     * Google Workspace settings of the Gmail add-on (HTTP runtime).
     *
     * @param addOnServiceAccount the per-project add-on service account whose system ID tokens Google sends
     * @param clientId the add-on's OAuth client ID, the audience of user ID tokens
     * @param domains Workspace domains whose users may use the add-on (and get an account on first use)
     * @param certsUrl Google's signing keys (JWKS) for ID tokens
     * @param apiRoot root URL of Google's APIs, where the Gmail API is called
     */
    public record Google(String addOnServiceAccount, String clientId, Set<String> domains, String certsUrl,
                         String apiRoot) {

        /** The add-on answers only when it can verify both tokens and knows whose users to let in. */
        public boolean addOnEnabled() {
            return addOnServiceAccount != null && clientId != null && !domains.isEmpty();
        }
    }

    /**
     * OIDC sign-in to the web view (authorization code + PKCE). Who may sign in comes from {@link #entra()}
     * (tenants, provisioning domains, JWKS, issuer) and {@link #google()} (domains, certs).
     */
    public record WebSignIn(OidcClient entra, OidcClient google) {
    }

    /**
     * One confidential OIDC client of the web view; off while the client id or secret is missing.
     *
     * @param authorizationUrl where the browser is sent to sign in
     * @param tokenUrl where the code is exchanged (with the client secret)
     */
    public record OidcClient(String clientId, String clientSecret, String authorizationUrl, String tokenUrl) {
        public boolean enabled() {
            return clientId != null && clientSecret != null;
        }

        @Override
        public String toString() {
            return "OidcClient[clientId=" + clientId + ", authorizationUrl=" + authorizationUrl + ", tokenUrl=" + tokenUrl + "]";
        }
    }

    /**
     * Requests per minute allowed per API credential (token, or Entra user) and per client address (requests that
     * carry no valid credential: failed API sign-ins, add-in endpoints, OAuth callbacks); 0 turns a limit off.
     */
    public record RateLimits(int perToken, int perAddress) {
    }

    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }
}
