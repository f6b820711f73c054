package org.unsilo.web;

import io.javalin.http.Context;
import org.unsilo.http.ForwardedHeaders;

/**
 * Writes the web view's cookies: HttpOnly, SameSite=Lax, path /, and Secure when the public URL is https or the
 * request came over HTTPS (directly, or through a trusted proxy that says so).
 */
final class Cookies {

    private final boolean secure;

    Cookies(String baseUrl) {
        this.secure = baseUrl.startsWith("https://");
    }

    void set(Context ctx, String name, String value, long maxAgeSeconds) {
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (secure || ForwardedHeaders.caller(ctx).secure() ? "; Secure" : ""));
    }

    void clear(Context ctx, String name) {
        set(ctx, name, "", 0);
    }
}
