package org.unsilo.manifest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * What the two Outlook manifests describe: where the add-in lives and which Entra app signs users in.
 *
 * @param entraClientId Application (client) ID of the Entra app registration; {@link #PLACEHOLDER_CLIENT_ID}
 *                      until the admin has registered one (sign-in then falls back to a personal API token)
 */
public record OutlookAddin(AddinUrls urls, String entraClientId) {

    /** Obviously not a real app registration, so a forgotten setting is easy to spot in the manifest. */
    public static final String PLACEHOLDER_CLIENT_ID = "00000000-0000-0000-0000-000000000000";

    /**
     * Bump when the manifests change in a way Outlook must notice: Office caches a manifest until its
     * version changes. Kept apart from the server version so a server release does not force a redeploy.
     */
    static final String VERSION = "1.0.0";

    /** The ribbon button's icon sizes, the three Outlook requires in both manifest formats. */
    static final List<Integer> RIBBON_ICON_SIZES = List.of(16, 32, 80);

    public OutlookAddin {
        if (entraClientId == null) {
            entraClientId = PLACEHOLDER_CLIENT_ID;
        }
    }

    /**
     * Stable for one server and different for each: derived from the base URL, so regenerating the
     * manifests updates the installed add-in, while a test and a production server can sit side by side.
     */
    public String addinId() {
        return UUID.nameUUIDFromBytes(("unsilo-outlook-addin " + urls.base()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The Entra "Application ID URI" that Office asks tokens for: {@code api://host/clientId}. */
    public String entraResource() {
        return "api://" + urls.authority() + "/" + entraClientId;
    }
}
