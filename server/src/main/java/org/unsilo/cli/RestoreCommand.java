package org.unsilo.cli;

import java.nio.file.Path;
import java.util.Map;
import org.unsilo.store.Database;
import org.unsilo.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Replace the SQLite database with a backup made by 'unsilo backup'. Stop the server first."
                + " (PostgreSQL: use pg_restore.)")
final class RestoreCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "FILE", description = "A backup file made by 'unsilo backup'.")
    Path file;

    @Override
    public void run() {
        String dbUrl = store.load(Map.of()).dbUrl();
        try {
            Database.restore(dbUrl, file.toAbsolutePath());
        } catch (StoreException e) {
            throw new CliException(e.getMessage());
        }
        System.out.println("Restored " + file.toAbsolutePath() + " into " + ServeCommand.redact(dbUrl)
                + " (integrity check ok)");
    }
}
