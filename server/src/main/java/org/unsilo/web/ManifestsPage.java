package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * Admin → Manifests: how to deploy the add-ins. The files are written by {@code unsilo manifest}, so the page names
 * the commands with this server's public URL filled in: an admin who copies them gets files that point here.
 */
final class ManifestsPage {

    private final String baseUrl;
    private final Templates templates;

    ManifestsPage(String baseUrl, Templates templates) {
        this.baseUrl = baseUrl;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/manifests", ctx -> {
            Map<String, Object> m = Forms.model(ctx, "Add-in manifests", "admin");
            m.put("baseUrl", baseUrl);
            templates.render(ctx, "admin/manifests.jte", m);
        });
    }
}
