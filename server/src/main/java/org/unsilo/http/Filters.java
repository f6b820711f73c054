package org.unsilo.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.unsilo.auth.BearerAuthenticator;

/**
 * What every request goes through: security headers (the Outlook pane's own CSP on /addin/), the redirect of plain
 * HTTP when the server speaks HTTPS itself, size limit, and bearer authentication on /api by the first authenticator
 * that accepts the credential.
 */
public final class Filters {

    private static final Set<String> PUBLIC_API_PATHS = Set.of("/api/openapi.json", "/api/docs");
    private static final String ADDIN_PATH = "/addin/";
    /**
     * The Outlook task pane: its own scripts (MSAL.js too, under /addin/vendor/: Microsoft no longer hosts it on a
     * CDN), Office.js from Microsoft's CDN, Entra ID for MSAL, and framing only by Outlook (web, new Outlook, and the
     * Office web hosts of the desktop clients). No X-Frame-Options here: it cannot list several hosts, and browsers
     * that know frame-ancestors ignore it anyway.
     */
    static final String ADDIN_CSP = "default-src 'none'"
            + "; script-src 'self' https://appsforoffice.microsoft.com"
            + "; style-src 'self'; img-src 'self' data:; font-src 'self'"
            + "; connect-src 'self' https://login.microsoftonline.com"
            + "; frame-src https://appsforoffice.microsoft.com https://login.microsoftonline.com"
            + "; base-uri 'none'; form-action 'none'"
            + "; frame-ancestors 'self' https://outlook.office.com https://outlook.office365.com"
            + " https://outlook.live.com https://outlook.cloud.microsoft https://*.outlook.com"
            + " https://*.officeapps.live.com https://*.office.com https://*.office365.com";

    private final List<BearerAuthenticator> authenticators;
    private final long maxRequestBytes;
    private final Set<String> uploadPaths;
    private final long maxUploadBytes;
    private final Consumer<Context> unauthenticated;
    private final boolean httpsOnly;

    /**
     * {@code uploadPaths} take files up to {@code maxUploadBytes}, streamed by their handlers; all else is JSON.
     * {@code unauthenticated} sees every request refused for want of a valid credential before it gets its 401 (the
     * per-address rate limit, which may answer 429 instead). {@code httpsOnly}: the server terminates TLS itself, and
     * plain HTTP reaching its port is only redirected ({@link PlainHttpRedirect}).
     */
    public Filters(List<BearerAuthenticator> authenticators, long maxRequestBytes, Set<String> uploadPaths,
                   long maxUploadBytes, Consumer<Context> unauthenticated, boolean httpsOnly) {
        this.authenticators = List.copyOf(authenticators);
        this.maxRequestBytes = maxRequestBytes;
        this.uploadPaths = Set.copyOf(uploadPaths);
        this.maxUploadBytes = maxUploadBytes;
        this.unauthenticated = unauthenticated;
        this.httpsOnly = httpsOnly;
    }

    /** What every answer carries, refusals included; the first filters to run. */
    public void registerHeaders(RoutesConfig routes) {
        routes.before(this::securityHeaders);
        if (httpsOnly) {
            routes.before(PlainHttpRedirect::redirect);
        }
    }

    /** The checks that refuse a request (size, credentials); after {@link #registerHeaders} and CORS. */
    public void registerChecks(RoutesConfig routes) {
        routes.before(this::sizeLimit);
        routes.before("/api/*", this::authenticate);
        routes.before("/metrics", this::authenticate);
    }

    private void securityHeaders(Context ctx) {
        everyAnswer(ctx::header);
        if (ForwardedHeaders.caller(ctx).secure()) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/health") || ctx.path().equals("/ready")
                || ctx.path().equals("/metrics")) {
            loadsNothing(ctx::header);
            ctx.header("Cache-Control", "no-store");
        } else if (ctx.path().startsWith(ADDIN_PATH)) {
            ctx.header("Content-Security-Policy", ADDIN_CSP);
        } else {
            // Everything else (404s, redirects, the Gmail add-on's JSON) loads nothing; the web view's filter replaces
            // this with its own policy for its pages.
            loadsNothing(ctx::header);
        }
    }

    /** Headers of every answer, whatever it holds; also of the errors Jetty answers itself ({@link ProtocolErrorHandler}). */
    static void everyAnswer(BiConsumer<String, String> header) {
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("Referrer-Policy", "no-referrer");
    }

    /** Headers of an answer that loads nothing and may be framed by no page. */
    static void loadsNothing(BiConsumer<String, String> header) {
        header.accept("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        header.accept("X-Frame-Options", "DENY");
    }

    private void sizeLimit(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        long limit = uploadPaths.contains(ctx.path()) ? maxUploadBytes : maxRequestBytes;
        if (length > limit) {
            throw ApiException.tooLarge("request body is " + length + " bytes; the limit is " + limit + " bytes");
        }
    }

    private void authenticate(Context ctx) {
        // CORS preflights carry no credentials by design; the CORS plugin answers them.
        if (PUBLIC_API_PATHS.contains(ctx.path()) || HandlerType.OPTIONS.equals(ctx.method())) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw unauthorized(ctx, "missing Authorization header; send 'Authorization: Bearer <token>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ctx, "unsupported authorization scheme; use 'Bearer <token>'");
        }
        String token = header.substring(7).trim();
        ctx.attribute(Requests.PRINCIPAL, authenticators.stream()
                .map(a -> a.authenticate(token))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> unauthorized(ctx, "token is unknown, revoked, expired, or its user has left")));
    }

    private ApiException unauthorized(Context ctx, String detail) {
        unauthenticated.accept(ctx);
        return ApiException.unauthorized(detail);
    }
}
