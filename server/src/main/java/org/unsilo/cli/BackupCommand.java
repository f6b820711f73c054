package org.unsilo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.unsilo.store.Database;
import org.unsilo.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Write a consistent copy of the SQLite database to FILE, also while the server runs."
                + " (PostgreSQL: use pg_dump.)")
final class BackupCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "FILE", description = "The backup file to create; it must not exist yet.")
    Path file;

    @Override
    public void run() {
        long started = System.nanoTime();
        Path target = file.toAbsolutePath();
        // First the database: a mistyped --data-dir is named before any folder is made for its backup.
        String dbUrl = store.loadExisting().dbUrl();
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new CliException("cannot create the folder " + target.getParent() + " for the backup: " + e.getMessage());
        }
        try {
            Database.backup(dbUrl, target);
        } catch (StoreException e) {
            throw new CliException(e.getMessage());
        }
        System.out.printf("Backed up to %s (integrity check ok) in %.1f s%n", file.toAbsolutePath(),
                (System.nanoTime() - started) / 1e9);
    }
}
