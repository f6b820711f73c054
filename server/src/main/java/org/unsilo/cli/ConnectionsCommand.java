package org.unsilo.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.unsilo.App;
import org.unsilo.config.SyncConfig;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.UserRow;
import org.unsilo.sync.Connections;
import org.unsilo.sync.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "connections", mixinStandardHelpOptions = true, description = "Manage mailbox connections (sync).",
        subcommands = {ConnectionsCommand.Add.class, ConnectionsCommand.List.class})
final class ConnectionsCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Connect a mailbox with a refresh token read from standard input (no browser).")
    static final class Add implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "The staff member whose mailbox it is.")
        String email;

        @Option(names = "--provider", required = true, description = "microsoft or google.")
        String provider;

        @Option(names = "--refresh-token-stdin", required = true,
                description = "Read the OAuth refresh token from standard input (never from the command line).")
        boolean fromStdin;

        @Override
        public void run() {
            Provider p = Provider.fromWire(provider.strip().toLowerCase(java.util.Locale.ROOT));
            if (p == null) {
                throw new CliException("--provider must be microsoft or google (got '" + provider + "')");
            }
            String token;
            try {
                token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new CliException("cannot read the refresh token from standard input: " + e.getMessage());
            }
            if (token == null || token.isBlank()) {
                throw new CliException("no refresh token on standard input");
            }
            try (App app = store.openExisting()) {
                // A refresh token is redeemed with the OAuth client it was issued to: without one, every round would fail.
                if (!app.config().sync().hasClient(p.wireName())) {
                    throw new CliException(SyncConfig.notSetUp(p.wireName()));
                }
                UserRow u = UserArgument.find(app, email);
                ConnectionRow row = app.connections().connect(u.id(), p, token.strip());
                app.syncScheduler().schedule(row.id());
                System.out.println("Connected " + p.wireName() + " mailbox of " + u.email() + " (connection " + row.id()
                        + "); the server syncs it on its next poll, or run: unsilo sync now --email " + u.email());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List connections and their status.")
    static final class List implements Runnable {
        @Mixin
        StoreOptions store;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                for (ConnectionRow c : app.connections().all()) {
                    String user = app.users().find(c.userId()).map(UserRow::email).orElse("?");
                    System.out.println(String.join("\t", Long.toString(c.id()), user, c.provider(), c.status(),
                            c.lastSuccessAt() == null ? "never synced" : "last success " + Instant.ofEpochMilli(c.lastSuccessAt()),
                            String.join(",", Connections.folders(c)),
                            c.lastError() == null ? "" : c.lastError()));
                }
            }
        }
    }
}
