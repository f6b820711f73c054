package org.unsilo.cli;

import org.unsilo.App;
import org.unsilo.relationships.RebuildProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rebuild-relationships", mixinStandardHelpOptions = true,
        description = "Recompute every relationship strength from the stored messages.")
final class RebuildRelationshipsCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Override
    public void run() {
        try (App app = store.openExisting(); ConsoleProgress console = ConsoleProgress.onStderr()) {
            long started = System.nanoTime();
            long messages = app.relationships().rebuild(new RebuildProgress() {
                @Override
                public void start(long contacts) {
                    console.start("Relationships of contacts", contacts, 0);
                }

                @Override
                public void replayed(long contacts) {
                    console.advance(contacts);
                }
            });
            // The bar ends before the summary, not over it.
            console.close();
            System.out.printf("Rebuilt relationships from %d message%s in %.1f s%n", messages, messages == 1 ? "" : "s",
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
