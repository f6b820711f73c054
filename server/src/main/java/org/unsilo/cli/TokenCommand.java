package org.unsilo.cli;

import org.unsilo.App;
import org.unsilo.auth.ApiTokens;
import org.unsilo.store.UserRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Create or revoke personal API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token; it is printed once, alone, as the last line of output.")
    static final class Create implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "The staff member's address.")
        String email;

        @Option(names = "--name", defaultValue = "cli", description = "What the token is for (default ${DEFAULT-VALUE}).")
        String name;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                UserRow u = UserArgument.find(app, email);
                ApiTokens.Issued issued = app.tokens().create(u.id(), name);
                System.out.println("Created token " + issued.row().id() + " '" + name + "' for " + u.email() + ":");
                System.out.println(issued.secret());
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    static final class Revoke implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--id", required = true, description = "Token id (see GET /api/v1/me/tokens).")
        long id;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                if (app.tokens().find(id).isEmpty()) {
                    throw new CliException("no token with id " + id);
                }
                System.out.println(app.tokens().revoke(id) ? "Revoked token " + id : "Token " + id + " was already revoked");
            }
        }
    }
}
