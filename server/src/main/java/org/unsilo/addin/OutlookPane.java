package org.unsilo.addin;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.unsilo.config.Config;

/**
 * The Outlook add-in's pages under {@code /addin/} (task pane, function file, event handler), served from the
 * classpath, plus {@code /addin/config.json}: what the pane needs to sign in. The pane is plain HTML/CSS/JS with
 * no build step; its CSP is set by {@link org.unsilo.http.Filters}.
 */
public final class OutlookPane {

    /** Folders and file names of plain letters, digits, dots, dashes and underscores: no way out of /addin/. */
    private static final Pattern FILE_NAME = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "png", "image/png", "svg", "image/svg+xml", "json", "application/json", "txt", "text/plain; charset=utf-8",
            "map", "application/json");

    private final Config.Entra entra;
    private final String entraScope;
    /** The files served so far (only files that exist: bounded by what the jar holds). */
    private final Map<String, PaneFile> files = new ConcurrentHashMap<>();

    /**
     * {@code entraScope}: the scope the pane asks Entra for, on the Application ID URI the manifests name as their
     * resource ({@code api://host/clientId/access_as_user}), which is the one the deployment guide registers; null
     * when the pane cannot sign on with Entra.
     */
    public OutlookPane(Config.Entra entra, String entraScope) {
        this.entra = entra;
        this.entraScope = entraScope;
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.get("/addin/config.json", ctx -> ctx.header("Cache-Control", "no-cache").json(settings()));
        cfg.routes.get("/addin/<file>", this::file);
    }

    /**
     * A file of the pane, read from the class path once. Not Javalin's static-file handler: on a fat jar it mounts the
     * whole jar (77,000 entries) as a zip file system at start-up, which cost about a second and 100 MB of heap.
     */
    private void file(Context ctx) {
        String name = ctx.pathParam("file");
        if (!FILE_NAME.matcher(name).matches()) {
            throw new NotFoundResponse("There is no add-in file " + name + ".");
        }
        PaneFile f = files.get(name);
        if (f == null) {
            f = read(name);
            if (f == null) {
                throw new NotFoundResponse("There is no add-in file " + name + ".");
            }
            files.put(name, f);
        }
        // The pane must pick up a new version at once when the server is upgraded.
        ctx.header("Cache-Control", "no-cache").contentType(f.type()).result(f.bytes());
    }

    private record PaneFile(byte[] bytes, String type) {
    }

    /** The file, or null if there is none (a folder is none: from target/classes it would read as a listing). */
    private static PaneFile read(String name) {
        URL url = OutlookPane.class.getResource("/addin/" + name);
        if (url == null) {
            return null;
        }
        try {
            URLConnection connection = url.openConnection();
            boolean folder = connection instanceof JarURLConnection jar ? jar.getJarEntry().isDirectory()
                    : url.getProtocol().equals("file") && Files.isDirectory(Path.of(url.toURI()));
            if (folder) {
                return null;
            }
            String file = name.substring(name.lastIndexOf('/') + 1);
            int dot = file.lastIndexOf('.');
            // Files without an extension are the vendors' LICENSE texts.
            String type = dot < 0 ? "text/plain; charset=utf-8"
                    : TYPES.getOrDefault(file.substring(dot + 1), "application/octet-stream");
            try (InputStream in = connection.getInputStream()) {
                return new PaneFile(in.readAllBytes(), type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean signOn = entra.enabled() && entraScope != null;
        out.put("entraClientId", signOn ? entra.clientId() : null);
        // Work accounts of any allowed tenant; the server checks the tenant allow-list.
        out.put("entraAuthority", "https://login.microsoftonline.com/organizations");
        out.put("entraScope", signOn ? entraScope : null);
        return out;
    }
}
