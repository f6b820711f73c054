package org.unsilo.http;

import io.javalin.http.Context;
import java.util.Map;

/**
 * The HTTPS port also reads plain HTTP ({@link HttpsConnector}) so that someone who types {@code http://} gets sent
 * to the same address over HTTPS instead of a connection closed without a word. Nothing is served over plain HTTP:
 * every such request, of any method, is answered 308 (which keeps the method and body) with the {@code https} URL.
 */
final class PlainHttpRedirect {

    private PlainHttpRedirect() {
    }

    /**
     * A before-filter ({@link Filters}): after the headers every answer gets, before anything reads the request, so an
     * API call over plain HTTP is redirected, not refused for its token.
     */
    static void redirect(Context ctx) {
        // The same judgement as HSTS and Secure cookies: a trusted proxy's X-Forwarded-Proto/-Host count.
        ForwardedHeaders.Caller caller = ForwardedHeaders.caller(ctx);
        if (caller.secure()) {
            return;
        }
        String host = caller.host();
        if (host == null || host.isBlank()) {
            throw ApiException.badRequest("this server answers over HTTPS only; connect with https://");
        }
        String query = ctx.queryString();
        String target = "https://" + host + ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
        throw new ApiException(308, "Use HTTPS", "this server answers over HTTPS only; the same request over HTTPS is "
                + target, null, Map.of("Location", target));
    }
}
