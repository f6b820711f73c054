package org.unsilo.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders the web view's JTE templates. They are compiled to Java classes at build time (jte-maven-plugin), so the
 * server loads classes and never compiles a template; HTML content type means every {@code ${...}} is escaped for
 * where it stands (text, attribute, URL).
 */
public final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public void render(Context ctx, int status, String template, Map<String, Object> params) {
        Utf8ByteOutput out = new Utf8ByteOutput();
        engine.render(template, params, out);
        // A result, not the output stream: the headers stay open until the handler is done (see ServerTiming).
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toByteArray());
    }

    public void render(Context ctx, String template, Map<String, Object> params) {
        render(ctx, 200, template, params);
    }
}
