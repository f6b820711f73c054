package org.unsilo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of mailbox and address-book sync (DESIGN.md §9): provider endpoints (configurable so tests and
 * air-gapped installs point elsewhere), OAuth clients, the key that encrypts stored refresh tokens, and how often
 * and how far back to sync.
 *
 * @param secretKey         base64 AES key from {@code UNSILO_SECRET_KEY}, or null to use {@code secretKeyFile}
 * @param previousSecretKeys older keys still accepted for reading (key rotation), base64
 */
public record SyncConfig(
        String graphBaseUrl,
        String microsoftAuthorizeUrl,
        String microsoftTokenUrl,
        String microsoftClientId,
        String microsoftClientSecret,
        String gmailRootUrl,
        String peopleRootUrl,
        String googleAuthorizeUrl,
        String googleTokenUrl,
        String googleClientId,
        String googleClientSecret,
        Duration interval,
        int windowDays,
        String secretKey,
        Path secretKeyFile,
        List<String> previousSecretKeys) {

    public static final String GRAPH_BASE_URL = "UNSILO_GRAPH_BASE_URL";
    public static final String MICROSOFT_AUTHORITY = "UNSILO_MICROSOFT_AUTHORITY";
    public static final String MICROSOFT_TOKEN_URL = "UNSILO_MICROSOFT_TOKEN_URL";
    public static final String MICROSOFT_CLIENT_ID = "UNSILO_MICROSOFT_CLIENT_ID";
    public static final String MICROSOFT_CLIENT_SECRET = "UNSILO_MICROSOFT_CLIENT_SECRET";
    public static final String GOOGLE_API_ROOT = "UNSILO_GOOGLE_API_ROOT";
    public static final String GMAIL_ROOT_URL = "UNSILO_GMAIL_ROOT_URL";
    public static final String PEOPLE_ROOT_URL = "UNSILO_PEOPLE_ROOT_URL";
    public static final String GOOGLE_OAUTH_URL = "UNSILO_GOOGLE_OAUTH_URL";
    public static final String GOOGLE_TOKEN_URL = "UNSILO_GOOGLE_TOKEN_URL";
    public static final String GOOGLE_CLIENT_ID = "UNSILO_GOOGLE_CLIENT_ID";
    public static final String GOOGLE_CLIENT_SECRET = "UNSILO_GOOGLE_CLIENT_SECRET";
    public static final String INTERVAL = "UNSILO_SYNC_INTERVAL";
    public static final String WINDOW_DAYS = "UNSILO_SYNC_WINDOW_DAYS";
    public static final String SECRET_KEY = "UNSILO_SECRET_KEY";
    public static final String SECRET_KEY_FILE = "UNSILO_SECRET_KEY_FILE";
    public static final String SECRET_KEY_PREVIOUS = "UNSILO_SECRET_KEY_PREVIOUS";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h|d)?");

    static SyncConfig from(Map<String, String> v, Path dataDir) {
        // DESIGN.md §3: UNSILO_ENTRA_AUTHORITY is the Entra host for every OAuth flow; sync uses its "common" endpoints.
        String authority = ConfigLoader.stripTrailingSlash(v.getOrDefault(MICROSOFT_AUTHORITY,
                ConfigLoader.stripTrailingSlash(v.getOrDefault(ConfigLoader.ENTRA_AUTHORITY, "https://login.microsoftonline.com"))
                        + "/common"));
        String googleRoot = v.get(GOOGLE_API_ROOT);
        return new SyncConfig(
                url(v, GRAPH_BASE_URL, "https://graph.microsoft.com/v1.0", false),
                authority + "/oauth2/v2.0/authorize",
                url(v, MICROSOFT_TOKEN_URL, authority + "/oauth2/v2.0/token", false),
                v.get(MICROSOFT_CLIENT_ID), v.get(MICROSOFT_CLIENT_SECRET),
                url(v, GMAIL_ROOT_URL, googleRoot != null ? googleRoot : "https://gmail.googleapis.com/", true),
                url(v, PEOPLE_ROOT_URL, "https://people.googleapis.com/", true),
                url(v, GOOGLE_OAUTH_URL, "https://accounts.google.com/o/oauth2/v2/auth", false),
                url(v, GOOGLE_TOKEN_URL, "https://oauth2.googleapis.com/token", false),
                v.get(GOOGLE_CLIENT_ID), v.get(GOOGLE_CLIENT_SECRET),
                duration(v.getOrDefault(INTERVAL, "15m")),
                days(v.getOrDefault(WINDOW_DAYS, "180")),
                v.get(SECRET_KEY),
                Path.of(v.getOrDefault(SECRET_KEY_FILE, dataDir.resolve("secret.key").toString())).toAbsolutePath().normalize(),
                Arrays.stream(v.getOrDefault(SECRET_KEY_PREVIOUS, "").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
    }

    /** Whether a provider can be connected through the browser (its OAuth client is configured). */
    public boolean hasClient(String provider) {
        return "microsoft".equals(provider) ? microsoftClientId != null : googleClientId != null;
    }

    /** Why a provider without {@link #hasClient its OAuth client} cannot be connected, naming the settings it needs. */
    public static String notSetUp(String provider) {
        return "connecting " + provider + " is not set up on this server: an admin must set "
                + ("microsoft".equals(provider) ? MICROSOFT_CLIENT_ID : GOOGLE_CLIENT_ID) + " (and its secret)";
    }

    private static String url(Map<String, String> v, String key, String dflt, boolean trailingSlash) {
        String s = ConfigLoader.stripTrailingSlash(ConfigLoader.httpUrl(v, key, dflt));
        // The Google clients join paths to their root URL, which must end with '/'; Graph's base must not.
        return trailingSlash ? s + "/" : s;
    }

    /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, a bare number of minutes, or ISO-8601 ({@code PT15M}). */
    static Duration duration(String raw) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "m" : m.group(2);
            d = switch (unit) {
                case "s" -> Duration.ofSeconds(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofMinutes(n);
            };
        } else {
            try {
                d = Duration.parse(raw.strip().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new ConfigException(INTERVAL + " must be a duration such as 15m, 1h or PT15M (got '" + raw + "')");
            }
        }
        if (d.toSeconds() < 1 || d.compareTo(Duration.ofDays(7)) > 0) {
            throw new ConfigException(INTERVAL + " must be between 1s and 7d (got '" + raw + "')");
        }
        return d;
    }

    private static int days(String raw) {
        try {
            int n = Integer.parseInt(raw.strip());
            if (n < 1 || n > 36500) {
                throw new ConfigException(WINDOW_DAYS + " must be between 1 and 36500 (got " + n + ")");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(WINDOW_DAYS + " must be a number of days (got '" + raw + "')");
        }
    }
}
