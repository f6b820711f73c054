package org.unsilo.cli;

import java.util.Map;
import org.unsilo.manifest.AddinUrls;
import org.unsilo.manifest.ManifestFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "gmail", mixinStandardHelpOptions = true,
        description = "Write deployment.json, the Google Workspace add-on deployment for Gmail (HTTP runtime).")
final class ManifestGmailCommand implements Runnable {

    @Mixin
    ManifestOptions options;

    @Override
    public void run() {
        AddinUrls urls = AddinUrls.of(options.load(Map.of()).baseUrl());
        ManifestOptions.report(urls, () -> ManifestFiles.writeGmail(urls, options.out));
    }
}
