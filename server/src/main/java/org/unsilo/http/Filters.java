package org.unsilo.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;
import org.unsilo.auth.ApiTokens;

/** What every request goes through: size limit, security headers, and bearer-token authentication on /api. */
public final class Filters {

    private static final Set<String> PUBLIC_API_PATHS = Set.of("/api/openapi.json", "/api/docs");

    private final ApiTokens tokens;
    private final long maxRequestBytes;
    private final Set<String> uploadPaths;
    private final long maxUploadBytes;

    /** {@code uploadPaths} take files up to {@code maxUploadBytes}, streamed by their handlers; all else is JSON. */
    public Filters(ApiTokens tokens, long maxRequestBytes, Set<String> uploadPaths, long maxUploadBytes) {
        this.tokens = tokens;
        this.maxRequestBytes = maxRequestBytes;
        this.uploadPaths = Set.copyOf(uploadPaths);
        this.maxUploadBytes = maxUploadBytes;
    }

    public void register(RoutesConfig routes) {
        routes.before(this::securityHeaders);
        routes.before(this::sizeLimit);
        routes.before("/api/*", this::authenticate);
    }

    private void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.path().startsWith("/api/") || ctx.path().equals("/health") || ctx.path().equals("/ready")) {
            ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            ctx.header("X-Frame-Options", "DENY");
            ctx.header("Cache-Control", "no-store");
        }
    }

    private void sizeLimit(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        long limit = uploadPaths.contains(ctx.path()) ? maxUploadBytes : maxRequestBytes;
        if (length > limit) {
            throw ApiException.tooLarge("request body is " + length + " bytes; the limit is " + limit + " bytes");
        }
    }

    private void authenticate(Context ctx) {
        if (PUBLIC_API_PATHS.contains(ctx.path())) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("missing Authorization header; send 'Authorization: Bearer <token>'");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("unsupported authorization scheme; use 'Bearer <token>'");
        }
        String token = header.substring(7).trim();
        ctx.attribute(Requests.PRINCIPAL, tokens.authenticate(token)
                .orElseThrow(() -> ApiException.unauthorized("token is unknown, revoked, or its user has left")));
    }
}
