package org.unsilo.manifest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.unsilo.common.InvalidFieldException;

/**
 * Every URL the add-in manifests point at, all below one public base URL. This is the fixed contract between
 * the manifests and the server that serves {@code /addin/} and {@code /gmail/}. Only {@link #of} makes one,
 * so every instance has passed its checks.
 */
public final class AddinUrls {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]");

    private final String base;
    private final String origin;
    private final String authority;

    private AddinUrls(String base, String origin, String authority) {
        this.base = base;
        this.origin = origin;
        this.authority = authority;
    }

    /**
     * Accepts an absolute https URL, or http on this machine for trials (Outlook and Gmail load add-ins over
     * https only, but a local trial behind a tunnel or with a dev certificate starts from here).
     */
    public static AddinUrls of(String baseUrl) {
        String raw = baseUrl == null ? "" : baseUrl.trim();
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw invalid(raw, "it is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host.isEmpty()) {
            throw invalid(raw, "it must be absolute, like https://crm.example.com");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
            throw invalid(raw, "Outlook and Gmail load add-ins over https only (http is accepted for localhost trials)");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid(raw, "it must not contain a user name, query or fragment");
        }
        String authority = uri.getPort() == -1 ? host : host + ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String origin = scheme + "://" + authority;
        return new AddinUrls(origin + path, origin, authority);
    }

    private static InvalidFieldException invalid(String raw, String why) {
        return new InvalidFieldException("baseUrl", "the base URL '" + raw + "' cannot be used for the add-ins: " + why);
    }

    /** The validated base URL without a trailing slash; it may carry a path prefix. */
    public String base() {
        return base;
    }

    /** Scheme, host and port: the add-in's web origin. */
    public String origin() {
        return origin;
    }

    /** Host and, if not the default, port: what Entra ({@code api://host/clientId}) and {@code validDomains} want. */
    public String authority() {
        return authority;
    }

    public String taskpane() {
        return base + "/addin/taskpane.html";
    }

    public String commands() {
        return base + "/addin/commands.html";
    }

    public String launchEventPage() {
        return base + "/addin/launchevent.html";
    }

    public String launchEventScript() {
        return base + "/addin/launchevent.js";
    }

    /** A square ribbon/app icon: 16, 32, 64, 80 or 128 pixels. */
    public String icon(int size) {
        return base + "/addin/assets/icon-" + size + ".png";
    }

    public String help() {
        return base + "/help";
    }

    public String gmailHomepage() {
        return base + "/gmail/homepage";
    }

    public String gmailContextual() {
        return base + "/gmail/contextual";
    }

    public String gmailCompose() {
        return base + "/gmail/compose";
    }
}
