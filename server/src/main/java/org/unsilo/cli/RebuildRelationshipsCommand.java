package org.unsilo.cli;

import org.unsilo.App;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rebuild-relationships", mixinStandardHelpOptions = true,
        description = "Recompute every relationship strength from the stored messages.")
final class RebuildRelationshipsCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Override
    public void run() {
        try (App app = store.openExisting()) {
            long started = System.nanoTime();
            long messages = app.relationships().rebuild();
            System.out.printf("Rebuilt relationships from %d messages in %.1f s%n", messages, (System.nanoTime() - started) / 1e9);
        }
    }
}
