package org.unsilo.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.common.Causes;

/** Turns every failure into RFC 9457 problem+json; unexpected ones are logged with an id the client sees. */
public final class ErrorHandlers {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    /** Paths of machine callers, which get problem+json whatever they accept. */
    private static final List<String> MACHINE_PATHS = List.of("/api/", "/gmail/", "/addin/", "/oauth/", "/metrics", "/health",
            "/ready");

    private final ObjectMapper mapper;
    private final Consumer<Context> htmlNotFound;

    /** {@code htmlNotFound}: the page a browser gets for an address that does not exist (the web view's). */
    public ErrorHandlers(ObjectMapper mapper, Consumer<Context> htmlNotFound) {
        this.mapper = mapper;
        this.htmlNotFound = htmlNotFound;
    }

    public void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            write(ctx, e.status(), e.title(), e.getMessage(), e.errors());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String allowed = e.getDetails().get("availableMethods");
            if (e.getStatus() == 405 && allowed != null) {
                ctx.header("Allow", allowed);
            }
            if (e.getStatus() == 404 && wantsPage(ctx)) {
                htmlNotFound.accept(ctx);
            } else {
                write(ctx, e.getStatus(), titleFor(e.getStatus()), e.getMessage(), null);
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            HttpException refused = requestFault(e);
            if (refused != null) {
                write(ctx, refused.getCode(), titleFor(refused.getCode()), requestFaultDetail(refused), null);
                return;
            }
            String id = UUID.randomUUID().toString();
            LOG.error("Unexpected error {} on {} {}", id, ctx.method(), ctx.path(), e);
            write(ctx, 500, "Internal server error", "unexpected error; reference " + id + " in the server log", null);
        });
        routes.error(404, ctx -> {
            String type = ctx.res().getContentType();
            // A web view page answers its own 404 in HTML; everything else gets problem+json.
            if (PROBLEM_JSON.equals(type) || (type != null && type.startsWith("text/html"))) {
                return;
            }
            if (wantsPage(ctx)) {
                htmlNotFound.accept(ctx);
            } else {
                write(ctx, 404, "Not found", "no such resource: " + ctx.method() + " " + ctx.path(), null);
            }
        });
        routes.error(405, ctx -> write(ctx, 405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path(), null));
        routes.error(413, ctx -> {
            if (!PROBLEM_JSON.equals(ctx.res().getContentType())) {
                write(ctx, 413, "Request too large", "the request body is larger than this server accepts", null);
            }
        });
    }

    /** A person's browser (a mistyped address, an old bookmark), not a program. */
    private static boolean wantsPage(Context ctx) {
        String accept = ctx.header("Accept");
        return "GET".equals(ctx.method().name()) && accept != null && accept.contains("text/html")
                && MACHINE_PATHS.stream().noneMatch(ctx.path()::startsWith);
    }

    public void write(Context ctx, int status, String title, String detail, List<Problem.FieldError> errors) {
        Problem p = new Problem("about:blank", title, status, detail, ctx.path(), errors);
        ctx.status(status);
        try {
            ctx.contentType(PROBLEM_JSON).result(mapper.writeValueAsBytes(p));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.contentType("text/plain").result(title);
        }
    }

    /**
     * The request's own fault that Jetty found while a handler read it (a broken multipart or chunked body, a body
     * that ended early), wrapped in whatever the reading call threw; null for a real server error.
     */
    private static HttpException requestFault(Throwable e) {
        return Causes.first(e, HttpException.class, h -> h.getCode() >= 400 && h.getCode() < 500).orElse(null);
    }

    private static String requestFaultDetail(HttpException h) {
        if (h.getCode() == 413) {
            // Jetty's own reason is the bare status text; say what it means, as for a body with a Content-Length.
            return "the request body is larger than this server accepts";
        }
        String reason = h.getReason();
        return "the request body cannot be read" + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }

    private static String titleFor(int status) {
        return Map.of(400, "Bad request", 401, "Unauthorized", 403, "Forbidden", 404, "Not found",
                405, "Method not allowed", 409, "Conflict", 413, "Request too large", 415, "Unsupported media type",
                429, "Too many requests", 431, "Request header fields too large").getOrDefault(status, "Error");
    }
}
