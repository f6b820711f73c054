package org.unsilo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Everything the server can be told, already resolved from defaults, the config file,
 * {@code UNSILO_*} environment variables and command-line flags (in that order of precedence).
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
        Google google) {

    public enum CapturePolicy { SNIPPET, BODY }

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

    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }
}
