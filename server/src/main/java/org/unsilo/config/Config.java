package org.unsilo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        Entra entra,
        List<String> corsOrigins) {

    public enum CapturePolicy { SNIPPET, BODY }

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

    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }
}
