package org.unsilo.addin;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.LinkedHashMap;
import java.util.Map;
import org.unsilo.config.Config;

/**
 * The Outlook add-in's pages under {@code /addin/} (task pane, function file, event handler), served from the
 * classpath, plus {@code /addin/config.json}: what the pane needs to sign in. The pane is plain HTML/CSS/JS with
 * no build step; its CSP is set by {@link org.unsilo.http.Filters}.
 */
public final class OutlookPane {

    private final Config.Entra entra;

    public OutlookPane(Config.Entra entra) {
        this.entra = entra;
    }

    public void register(JavalinConfig cfg) {
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/addin";
            files.directory = "/addin";
            files.location = Location.CLASSPATH;
            // The pane must pick up a new version at once when the server is upgraded.
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        cfg.routes.get("/addin/config.json", ctx -> ctx.header("Cache-Control", "no-cache").json(settings()));
    }

    private Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entraClientId", entra.clientId());
        // Work accounts of any allowed tenant; the server checks the tenant allow-list.
        out.put("entraAuthority", "https://login.microsoftonline.com/organizations");
        out.put("entraScope", entra.enabled() ? "api://" + entra.clientId() + "/access_as_user" : null);
        return out;
    }
}
