package org.unsilo.cli;

import org.unsilo.App;
import org.unsilo.store.UserRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "users", mixinStandardHelpOptions = true, description = "Manage staff accounts.",
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Alias.class,
                UsersCommand.SetPassword.class})
final class UsersCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a staff account.")
    static final class Add implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "Primary e-mail address.")
        String email;

        @Option(names = "--name", required = true, description = "Display name.")
        String name;

        @Option(names = "--role", defaultValue = "member", description = "admin or member (default ${DEFAULT-VALUE}).")
        String role;

        @Option(names = "--password-stdin", description = "Read a web sign-in password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public void run() {
            String password = passwordStdin ? readPassword() : null;
            try (App app = store.open()) {
                UserRow u = app.users().create(null, email, name, role);
                if (password != null) {
                    app.passwords().set(null, u.id(), password);
                }
                System.out.println("Created " + u.role() + " " + u.email() + " (id " + u.id() + ")"
                        + (password != null ? " with a web sign-in password" : ""));
            }
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true, description = "Set a staff member's web sign-in password.")
    static final class SetPassword implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "The user's address.")
        String email;

        @Option(names = "--password-stdin", required = true, description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        public void run() {
            String password = readPassword();
            try (App app = store.openExisting()) {
                UserRow u = UserArgument.find(app, email);
                app.passwords().set(null, u.id(), password);
                System.out.println("Set the web sign-in password of " + u.email());
            }
        }
    }

    /** The first line of standard input (so the password never appears in the process list or shell history). */
    static String readPassword() {
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                    .readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException("--password-stdin: standard input is empty; pipe the password in, e.g. printf '%s\\n' \"$PW\" | unsilo ...");
            }
            return line;
        } catch (java.io.IOException e) {
            throw new CliException("--password-stdin: cannot read standard input: " + e.getMessage());
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true, description = "Add an address a staff member also sends from.")
    static final class Alias implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "The user's primary address.")
        String email;

        @Option(names = "--alias", required = true, description = "The additional address.")
        String alias;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                UserRow u = UserArgument.find(app, email);
                app.users().findByEmail(alias).filter(owner -> owner.id() != u.id()).ifPresent(owner -> {
                    throw new CliException(alias + " is already an address of " + owner.email() + "; an address belongs to one person");
                });
                app.users().addAlias(u.id(), alias);
                System.out.println("Added " + alias + " to " + u.email());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List staff accounts.")
    static final class ListUsers implements Runnable {
        @Mixin
        StoreOptions store;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                long after = 0;
                while (true) {
                    var page = app.users().list(after, 500);
                    for (UserRow u : page) {
                        System.out.printf("%d\t%s\t%s\t%s\t%s%n", u.id(), u.email(), u.displayName(), u.role(), u.status());
                    }
                    if (page.size() < 500) {
                        break;
                    }
                    after = page.get(page.size() - 1).id();
                }
            }
        }
    }
}
