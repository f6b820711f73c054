package org.unsilo.cli;

import java.util.HashMap;
import java.util.Map;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigLoader;
import org.unsilo.manifest.AddinUrls;
import org.unsilo.manifest.ManifestFiles;
import org.unsilo.manifest.OutlookAddin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "outlook", mixinStandardHelpOptions = true,
        description = "Write the Outlook add-in manifests: manifest.xml (add-in-only XML manifest), manifest.json with "
                + "color.png and outline.png (unified Microsoft 365 manifest), and unsilo-outlook.zip of the latter for upload.")
final class ManifestOutlookCommand implements Runnable {

    @Mixin
    ManifestOptions options;

    @Option(names = "--entra-client-id", paramLabel = "GUID",
            description = "Application (client) ID of the Entra app that signs users in (default: UNSILO_ENTRA_CLIENT_ID; "
                    + "unset gives the placeholder " + OutlookAddin.PLACEHOLDER_CLIENT_ID + ").")
    String entraClientId;

    @Override
    public void run() {
        Map<String, String> overrides = new HashMap<>();
        if (entraClientId != null) {
            overrides.put(ConfigLoader.ENTRA_CLIENT_ID, entraClientId);
        }
        Config config = options.load(overrides);
        AddinUrls urls = AddinUrls.of(config.baseUrl());
        OutlookAddin addin = new OutlookAddin(urls, config.entra().clientId());
        ManifestOptions.report(urls, () -> ManifestFiles.writeOutlook(addin, options.out));
        if (config.entra().clientId() == null) {
            System.out.println("Note: no Entra app ID (UNSILO_ENTRA_CLIENT_ID or --entra-client-id), so the manifests carry the "
                    + "placeholder " + OutlookAddin.PLACEHOLDER_CLIENT_ID + " and users sign in with a personal API token "
                    + "instead of single sign-on. See addin-manifest/README.md.");
        }
    }
}
