package org.unsilo.config;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Resolves {@link Config}: built-in defaults, then an optional properties file
 * ({@code --config}, or {@code unsilo.properties} in the working directory), then the
 * environment, then explicit overrides (command-line flags). Keys are the environment
 * variable names ({@code UNSILO_PORT}); the file may also use the dotted lower-case form
 * ({@code unsilo.port}).
 */
public final class ConfigLoader {

    public static final String BASE_URL = "UNSILO_BASE_URL";
    public static final String PORT = "UNSILO_PORT";
    public static final String BIND = "UNSILO_BIND";
    public static final String DATA_DIR = "UNSILO_DATA_DIR";
    public static final String DB_URL = "UNSILO_DB_URL";
    public static final String INTERNAL_DOMAINS = "UNSILO_INTERNAL_DOMAINS";
    public static final String CAPTURE_POLICY = "UNSILO_CAPTURE_POLICY";
    public static final String STRENGTH_HALF_LIFE_DAYS = "UNSILO_STRENGTH_HALF_LIFE_DAYS";
    public static final String MAX_REQUEST_BYTES = "UNSILO_MAX_REQUEST_BYTES";
    public static final String IMPORT_DIR = "UNSILO_IMPORT_DIR";
    public static final String MAX_UPLOAD_MB = "UNSILO_MAX_UPLOAD_MB";
    public static final String LOOKUP_CACHE_MB = "UNSILO_LOOKUP_CACHE_MB";
    public static final String ENTRA_CLIENT_ID = "UNSILO_ENTRA_CLIENT_ID";
    public static final String ENTRA_TENANTS = "UNSILO_ENTRA_TENANTS";
    public static final String ENTRA_JWKS_URL = "UNSILO_ENTRA_JWKS_URL";
    public static final String ENTRA_ISSUER = "UNSILO_ENTRA_ISSUER";
    public static final String ENTRA_PROVISION_DOMAINS = "UNSILO_ENTRA_PROVISION_DOMAINS";
    public static final String CORS_ORIGINS = "UNSILO_CORS_ORIGINS";
    public static final String TLS_CERT = "UNSILO_TLS_CERT";
    public static final String TLS_KEY = "UNSILO_TLS_KEY";

    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    public static final String GOOGLE_ADDON_SERVICE_ACCOUNT = "UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT";
    public static final String GOOGLE_ADDON_CLIENT_ID = "UNSILO_GOOGLE_ADDON_CLIENT_ID";
    public static final String GOOGLE_DOMAINS = "UNSILO_GOOGLE_WORKSPACE_DOMAINS";
    public static final String GOOGLE_CERTS_URL = "UNSILO_GOOGLE_CERTS_URL";
    public static final String GOOGLE_API_ROOT = "UNSILO_GOOGLE_API_ROOT";

    public static final String WEB_ENTRA_CLIENT_ID = "UNSILO_WEB_ENTRA_CLIENT_ID";
    public static final String WEB_ENTRA_CLIENT_SECRET = "UNSILO_WEB_ENTRA_CLIENT_SECRET";
    public static final String ENTRA_AUTHORITY = "UNSILO_ENTRA_AUTHORITY";
    public static final String WEB_GOOGLE_CLIENT_ID = "UNSILO_WEB_GOOGLE_CLIENT_ID";
    public static final String WEB_GOOGLE_CLIENT_SECRET = "UNSILO_WEB_GOOGLE_CLIENT_SECRET";
    public static final String WEB_GOOGLE_AUTH_URL = "UNSILO_WEB_GOOGLE_AUTH_URL";
    public static final String WEB_GOOGLE_TOKEN_URL = "UNSILO_WEB_GOOGLE_TOKEN_URL";

    public static final String RATE_LIMIT_PER_TOKEN = "UNSILO_RATE_LIMIT_PER_TOKEN";
    public static final String RATE_LIMIT_PER_IP = "UNSILO_RATE_LIMIT_PER_IP";
    public static final String TRUSTED_PROXIES = "UNSILO_TRUSTED_PROXIES";
    /** Read by Logback itself (logging/LogConfigurator); checked here so that a typo stops the start instead of silencing the log. */
    public static final String LOG_FORMAT = "UNSILO_LOG_FORMAT";
    /** Read by Logback itself, like {@link #LOG_FORMAT}. */
    public static final String LOG_LEVEL = "UNSILO_LOG_LEVEL";
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private final Map<String, String> environment;

    public ConfigLoader(Map<String, String> environment) {
        this.environment = environment;
    }

    public Config load(Path configFile, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        Path file = configFile != null ? configFile : Path.of("unsilo.properties");
        if (configFile != null || Files.isRegularFile(file)) {
            values.putAll(readFile(file));
        }
        environment.forEach((k, v) -> {
            if (k.startsWith("UNSILO_") && v != null && !v.isBlank()) {
                values.put(k, v);
            }
        });
        overrides.forEach((k, v) -> {
            if (v != null) {
                values.put(k, v);
            }
        });
        return build(values);
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("Config file not found: " + file.toAbsolutePath());
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            props.load(r);
        } catch (IOException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            String key = name.startsWith("UNSILO_") ? name : name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (key.equals(LOG_FORMAT) || key.equals(LOG_LEVEL)) {
                // Logging is set up when the process starts, before this file is read: here the setting would be ignored.
                throw new ConfigException(key + " cannot be set in " + file + ": logging starts before the file is read,"
                        + " so it is taken from the environment only (" + key + "=" + props.getProperty(name).trim()
                        + " unsilo serve)");
            }
            out.put(key, props.getProperty(name).trim());
        }
        return out;
    }

    private static Config build(Map<String, String> v) {
        checkLogSettings(v);
        int port = intValue(v, PORT, 8080, 0, 65535);
        String bind = v.getOrDefault(BIND, "127.0.0.1");
        Path dataDir = Path.of(v.getOrDefault(DATA_DIR, "./data")).toAbsolutePath().normalize();
        String dbUrl = v.getOrDefault(DB_URL, "jdbc:sqlite:" + dataDir.resolve("unsilo.db"));
        if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new ConfigException(DB_URL + " must start with jdbc:sqlite: or jdbc:postgresql: (got '" + dbUrl + "')");
        }
        Config.Tls tls = tls(v);
        String baseUrl = stripTrailingSlash(v.getOrDefault(BASE_URL, (tls.enabled() ? "https" : "http") + "://127.0.0.1:" + port));
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new ConfigException(BASE_URL + " must be an http(s) URL (got '" + baseUrl + "')");
        }
        Set<String> domains = list(v, INTERNAL_DOMAINS);
        Config.CapturePolicy policy;
        try {
            policy = Config.CapturePolicy.valueOf(v.getOrDefault(CAPTURE_POLICY, "snippet").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CAPTURE_POLICY + " must be 'snippet' or 'body'");
        }
        int halfLifeDays = intValue(v, STRENGTH_HALF_LIFE_DAYS, 90, 1, 3650);
        int maxRequestBytes = intValue(v, MAX_REQUEST_BYTES, 2 * 1024 * 1024, 1024, 64 * 1024 * 1024);
        Path importDir = Path.of(v.getOrDefault(IMPORT_DIR, dataDir.resolve("imports").toString())).toAbsolutePath().normalize();
        int maxUploadMb = intValue(v, MAX_UPLOAD_MB, 512, 1, 65536);
        // An eighth of the heap by default: room for the cards of ~100,000 contacts in the 2 GB heap of a typical
        // 8 GB server, and of a few thousand in the launcher's default on a small one.
        int lookupCacheMb = intValue(v, LOOKUP_CACHE_MB, (int) (Runtime.getRuntime().maxMemory() / 8 / (1024 * 1024)), 0, 1 << 20);
        return new Config(baseUrl, port, bind, dataDir, dbUrl, domains, policy,
                Duration.ofDays(halfLifeDays), maxRequestBytes, importDir, maxUploadMb * 1024L * 1024L,
                lookupCacheMb * 1024L * 1024L,
                entra(v), corsOrigins(v, baseUrl), google(v), SyncConfig.from(v, dataDir), webSignIn(v),
                new Config.RateLimits(intValue(v, RATE_LIMIT_PER_TOKEN, 1200, 0, 1_000_000),
                        intValue(v, RATE_LIMIT_PER_IP, 300, 0, 1_000_000)),
                trustedProxies(v), tls);
    }

    /** Both files or neither; whether they hold a matching certificate and key is checked when the server starts. */
    private static Config.Tls tls(Map<String, String> v) {
        String cert = v.get(TLS_CERT);
        String key = v.get(TLS_KEY);
        if ((cert == null) != (key == null)) {
            throw new ConfigException(cert == null
                    ? TLS_KEY + " is set but " + TLS_CERT + " is not: HTTPS needs the certificate (PEM) as well as its key"
                    : TLS_CERT + " is set but " + TLS_KEY + " is not: HTTPS needs the private key (PEM) as well as the certificate");
        }
        return cert == null ? new Config.Tls(null, null)
                : new Config.Tls(Path.of(cert.trim()).toAbsolutePath().normalize(), Path.of(key.trim()).toAbsolutePath().normalize());
    }

    /** Addresses and CIDR blocks only, never host names: a name would be resolved once, and could change later. */
    private static List<String> trustedProxies(Map<String, String> v) {
        List<String> proxies = Arrays.stream(v.getOrDefault(TRUSTED_PROXIES, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String proxy : proxies) {
            String[] parts = proxy.split("/", 2);
            boolean valid = InetAddresses.isInetAddress(parts[0]);
            if (valid && parts.length == 2) {
                int bits = InetAddresses.forString(parts[0]).getAddress().length * 8;
                valid = parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= bits;
            }
            if (!valid) {
                throw new ConfigException(TRUSTED_PROXIES + " must list IP addresses or CIDR blocks like 10.0.0.0/8 or "
                        + "fd00::/8 (got '" + proxy + "')");
            }
        }
        return proxies;
    }

    private static void checkLogSettings(Map<String, String> v) {
        String format = v.getOrDefault(LOG_FORMAT, "text").trim();
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException(LOG_FORMAT + " must be 'text' or 'json' (got '" + format + "')");
        }
        String level = v.getOrDefault(LOG_LEVEL, "INFO").trim();
        if (!LOG_LEVELS.contains(level.toUpperCase(Locale.ROOT))) {
            throw new ConfigException(LOG_LEVEL + " must be TRACE, DEBUG, INFO, WARN or ERROR (got '" + level + "')");
        }
    }

    private static Config.Entra entra(Map<String, String> v) {
        String clientId = v.get(ENTRA_CLIENT_ID) == null ? null : v.get(ENTRA_CLIENT_ID).trim().toLowerCase(Locale.ROOT);
        if (clientId != null && !GUID.matcher(clientId).matches()) {
            throw new ConfigException(ENTRA_CLIENT_ID + " must be the Application (client) ID of the Entra app, a GUID "
                    + "like 3f2504e0-4f89-11d3-9a0c-0305e82c3301 (got '" + v.get(ENTRA_CLIENT_ID) + "')");
        }
        String jwksUrl = httpUrl(v, ENTRA_JWKS_URL, "https://login.microsoftonline.com/common/discovery/v2.0/keys");
        String issuer = v.getOrDefault(ENTRA_ISSUER, "https://login.microsoftonline.com/{tenantid}/v2.0");
        Set<String> tenants = list(v, ENTRA_TENANTS);
        if (!issuer.contains("{tenantid}")) {
            throw new ConfigException(ENTRA_ISSUER + " must contain {tenantid} (got '" + issuer + "')");
        }
        return new Config.Entra(clientId, tenants, jwksUrl, issuer,
                list(v, ENTRA_PROVISION_DOMAINS));
    }

    /** The task pane is served by this server, so by default only its own origin may call the API from a browser. */
    private static List<String> corsOrigins(Map<String, String> v, String baseUrl) {
        URI base = URI.create(baseUrl);
        List<String> origins = v.containsKey(CORS_ORIGINS)
                ? Arrays.stream(v.get(CORS_ORIGINS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of(base.getScheme() + "://" + base.getRawAuthority());
        for (String origin : origins) {
            if (!origin.matches("https?://[^/\\s]+")) {
                throw new ConfigException(CORS_ORIGINS + " must list origins like https://crm.example.com (got '" + origin + "')");
            }
        }
        return origins;
    }

    /** Comma-separated values, trimmed and lower-cased. */
    private static Set<String> list(Map<String, String> v, String key) {
        return Arrays.stream(v.getOrDefault(key, "").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static Config.Google google(Map<String, String> v) {
        String serviceAccount = v.get(GOOGLE_ADDON_SERVICE_ACCOUNT);
        if (serviceAccount != null && !serviceAccount.trim().matches("[^@\\s]+@[^@\\s]+")) {
            throw new ConfigException(GOOGLE_ADDON_SERVICE_ACCOUNT + " must be the add-on service account's e-mail address"
                    + " (got '" + serviceAccount + "')");
        }
        String clientId = v.get(GOOGLE_ADDON_CLIENT_ID);
        return new Config.Google(serviceAccount == null ? null : serviceAccount.trim(),
                clientId == null ? null : clientId.trim(), list(v, GOOGLE_DOMAINS),
                httpUrl(v, GOOGLE_CERTS_URL, "https://www.googleapis.com/oauth2/v3/certs"),
                httpUrl(v, GOOGLE_API_ROOT, "https://gmail.googleapis.com/"));
    }

    /** Web view OIDC clients; each needs both id and secret, and Entra an allow-list of tenants to let anyone in. */
    private static Config.WebSignIn webSignIn(Map<String, String> v) {
        String entraId = trimmed(v, WEB_ENTRA_CLIENT_ID);
        String googleId = trimmed(v, WEB_GOOGLE_CLIENT_ID);
        if ((entraId == null) != (trimmed(v, WEB_ENTRA_CLIENT_SECRET) == null)) {
            throw new ConfigException(WEB_ENTRA_CLIENT_ID + " and " + WEB_ENTRA_CLIENT_SECRET + " must be set together");
        }
        if ((googleId == null) != (trimmed(v, WEB_GOOGLE_CLIENT_SECRET) == null)) {
            throw new ConfigException(WEB_GOOGLE_CLIENT_ID + " and " + WEB_GOOGLE_CLIENT_SECRET + " must be set together");
        }
        Set<String> tenants = list(v, ENTRA_TENANTS);
        if (entraId != null && tenants.isEmpty()) {
            throw new ConfigException(WEB_ENTRA_CLIENT_ID + " needs " + ENTRA_TENANTS + " (the tenant IDs whose users may sign in)");
        }
        if (googleId != null && list(v, GOOGLE_DOMAINS).isEmpty()) {
            throw new ConfigException(WEB_GOOGLE_CLIENT_ID + " needs " + GOOGLE_DOMAINS + " (the Workspace domains whose users may sign in)");
        }
        // One tenant: its own endpoints; several: "organizations", and the tenant of each sign-in is checked afterwards.
        String authority = stripTrailingSlash(httpUrl(v, ENTRA_AUTHORITY, "https://login.microsoftonline.com"))
                + "/" + (tenants.size() == 1 ? tenants.iterator().next() : "organizations") + "/oauth2/v2.0/";
        return new Config.WebSignIn(
                new Config.OidcClient(entraId, trimmed(v, WEB_ENTRA_CLIENT_SECRET), authority + "authorize", authority + "token"),
                new Config.OidcClient(googleId, trimmed(v, WEB_GOOGLE_CLIENT_SECRET),
                        httpUrl(v, WEB_GOOGLE_AUTH_URL, "https://accounts.google.com/o/oauth2/v2/auth"),
                        httpUrl(v, WEB_GOOGLE_TOKEN_URL, "https://oauth2.googleapis.com/token")));
    }

    private static String trimmed(Map<String, String> v, String key) {
        String value = v.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    static String httpUrl(Map<String, String> v, String key, String dflt) {
        String url = v.getOrDefault(key, dflt).trim();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new ConfigException(key + " must be an http(s) URL (got '" + url + "')");
        }
        return url;
    }

    private static int intValue(Map<String, String> v, String key, int dflt, int min, int max) {
        String raw = v.get(key);
        if (raw == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < min || n > max) {
                throw new ConfigException(key + " must be between " + min + " and " + max + " (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number (got '" + raw + "')");
        }
    }

    static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
