package org.unsilo.web;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * The help page, open to anyone: it is also the support, privacy and terms address of the add-in manifests. What it
 * says about relationship strength and stored text follows this server's settings, not the defaults.
 */
public final class HelpPage {

    /**
     * @param halfLifeDays  {@code UNSILO_STRENGTH_HALF_LIFE_DAYS}: how fast older mail counts less
     * @param storesBodies  {@code UNSILO_CAPTURE_POLICY=body}: whole messages are kept, not only a snippet
     */
    public record Settings(long halfLifeDays, boolean storesBodies) {
    }

    private final Settings settings;
    private final Templates templates;

    HelpPage(Settings settings, Templates templates) {
        this.settings = settings;
        this.templates = templates;
    }

    void register(RoutesConfig routes) {
        routes.get("/help", ctx -> {
            Map<String, Object> m = Forms.openModel(ctx, "Help", "help");
            m.put("settings", settings);
            templates.render(ctx, "help.jte", m);
        });
    }
}
