package org.unsilo.cli;

import org.unsilo.App;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.SyncRoundRow;
import org.unsilo.store.UserRow;
import org.unsilo.sync.SyncService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sync", mixinStandardHelpOptions = true, description = "Run mailbox sync by hand.",
        subcommands = {SyncCommand.Now.class})
final class SyncCommand {

    @Command(name = "now", mixinStandardHelpOptions = true,
            description = "Run one sync round of each of a user's connections in the foreground, with progress.")
    static final class Now implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "The staff member whose mailboxes to sync.")
        String email;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                UserRow u = UserArgument.find(app, email);
                java.util.List<ConnectionRow> mine = app.connections().forUser(u.id());
                if (mine.isEmpty()) {
                    throw new CliException(u.email() + " has no mailbox connection; add one with 'unsilo connections add'");
                }
                boolean allOk = true;
                for (ConnectionRow c : mine) {
                    SyncService.RoundResult r;
                    try (ConsoleProgress progress = ConsoleProgress.onStderr()) {
                        r = app.sync().runRound(c.id(), progress);
                    }
                    allOk &= r.outcome() == SyncService.Outcome.COMPLETE;
                    print(c, r);
                }
                if (!allOk) {
                    throw new CliException("not every round completed; see above");
                }
            }
        }

        private static void print(ConnectionRow c, SyncService.RoundResult r) {
            System.out.println(c.provider() + " (connection " + c.id() + "): " + switch (r.outcome()) {
                case COMPLETE -> "round complete";
                case FAILED -> "round stopped: " + r.message();
                case BROKEN -> "broken: " + r.message();
                case BUSY -> r.message();
                case NOT_CONNECTED -> "not connected";
            });
            SyncRoundRow round = r.round();
            if (round != null) {
                System.out.printf("  messages fetched %d, stored %d (%d new), skipped %d, removed at the provider %d%n",
                        round.messagesFetched(), round.messagesStored(), round.messagesNew(), round.messagesSkipped(),
                        round.messagesRemoved());
                System.out.printf("  contacts fetched %d, stored %d (%d new), pages %d%n", round.contactsFetched(),
                        round.contactsStored(), round.contactsCreated(), round.pages());
            }
        }
    }
}
