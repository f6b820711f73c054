package org.unsilo.cli;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigLoader;
import org.unsilo.manifest.AddinUrls;
import picocli.CommandLine.Option;

/** What both manifest commands share: the public URL they point at, the output folder, the settings file. */
final class ManifestOptions {

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Public https URL of this server (default: UNSILO_BASE_URL).")
    String baseUrl;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the files to (created if missing).")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with UNSILO_* settings (default: unsilo.properties in the working directory, if it exists).")
    Path configFile;

    Config load(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(extra);
        if (baseUrl != null) {
            overrides.put(ConfigLoader.BASE_URL, baseUrl);
        }
        return new ConfigLoader(System.getenv()).load(configFile, overrides);
    }

    /** Writes the files and lists them; a folder that cannot be written is a one-line error, not a stack trace. */
    static void report(AddinUrls urls, Supplier<List<Path>> writer) {
        List<Path> written;
        try {
            written = writer.get();
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage());
        }
        System.out.println("Wrote for " + urls.base() + ":");
        written.forEach(f -> System.out.println("  " + f));
        if (urls.base().startsWith("http://")) {
            System.out.println("Note: " + urls.base() + " is plain http, fine for a local trial only; Outlook and Gmail need https.");
        }
    }
}
