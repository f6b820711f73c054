package org.unsilo.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.unsilo.App;
import org.unsilo.config.Config;
import org.unsilo.config.ConfigLoader;
import org.unsilo.store.Database;
import picocli.CommandLine.Option;

/** The options every command shares, so that all of them work on the same database as the server. */
final class StoreOptions {

    @Option(names = "--data-dir", description = "Data directory (default ./data, or UNSILO_DATA_DIR).")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL (default SQLite in the data dir, or UNSILO_DB_URL).")
    String dbUrl;

    @Option(names = "--config", description = "Properties file with UNSILO_* settings (default: unsilo.properties in the working directory, if it exists).")
    Path configFile;

    Config load(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(extra);
        if (dataDir != null) {
            overrides.put(ConfigLoader.DATA_DIR, dataDir.toString());
        }
        if (dbUrl != null) {
            overrides.put(ConfigLoader.DB_URL, dbUrl);
        }
        return new ConfigLoader(System.getenv()).load(configFile, overrides);
    }

    App open() {
        return new App(load(Map.of()), Clock.systemUTC());
    }

    /**
     * {@link #open}, for a command that works on data already there: a SQLite file that does not exist is a mistyped
     * {@code --data-dir} or {@code --db-url}, not a new database to create empty.
     */
    App openExisting() {
        return new App(loadExisting(), Clock.systemUTC());
    }

    /** {@link #load}, failing with one clear line when the SQLite database it names does not exist. */
    Config loadExisting() {
        Config config = load(Map.of());
        if (!Database.exists(config.dbUrl())) {
            throw new CliException("there is no Unsilo database at " + ServeCommand.redact(config.dbUrl())
                    + "; check --data-dir, --db-url or UNSILO_DATA_DIR (a server creates the database on its first start)");
        }
        return config;
    }
}
