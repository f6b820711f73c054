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
        SyncConfig sync) {

    public enum CapturePolicy { SNIPPET, BODY }

    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }
}
