package org.unsilo.cli;

import org.unsilo.App;
import org.unsilo.demo.DemoGenerator;
import org.unsilo.store.UserRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unsilo demo}: fills an empty database with a realistic, reproducible demo data set. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fill an empty database with demo data: staff, organisations, contacts and two years of"
                + " conversations between them, through the real capture rules. The same --seed gives the same data.",
                "The first staff member is an admin; a web sign-in password and an API token for them are printed, the token last."})
final class DemoCommand implements Runnable {

    @Mixin
    StoreOptions store;

    @Option(names = "--staff", defaultValue = "20", paramLabel = "S", description = "Staff accounts (default ${DEFAULT-VALUE}).")
    int staff;

    @Option(names = "--contacts", defaultValue = "2000", paramLabel = "N",
            description = "Contacts, a person with two addresses counting twice (default ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--messages", defaultValue = "20000", paramLabel = "M",
            description = "Messages, at least as many as contacts (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "X", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
        DemoGenerator.Options options;
        try {
            options = new DemoGenerator.Options(staff, contacts, messages, seed);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        try (App app = store.open()) {
            fill(app, options);
        }
    }

    /** Generates the demo data into {@code app}'s (empty) database, with progress, and prints how to sign in. */
    static void fill(App app, DemoGenerator.Options options) {
        DemoGenerator generator = new DemoGenerator(app.users(), app.captures(), app.leavers(), app.db(), app.clock());
        long step = Math.max(1, options.messages() / 10);
        long[] next = {step};
        DemoGenerator.Report r;
        try {
            r = generator.generate(options, stored -> {
                if (stored >= next[0]) {
                    System.err.printf("  %,d of %,d messages%n", stored, options.messages());
                    next[0] = (stored / step + 1) * step;
                }
            });
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage());
        }
        System.out.printf("Generated %d staff (%d of them just left), %d organisations, %d contacts (%d people with a"
                        + " second address), %d messages (%d private, %d second copies), %d activity rows in %.1f s (%.0f messages/s).%n",
                r.staff(), r.departed(), r.organizations(), r.contacts(), r.duplicatePeople(), r.messages(), r.privateMessages(),
                r.copies(), r.activityRows(), r.millis() / 1000.0, r.messagesPerSecond());
        UserRow admin = app.users().findByEmail(r.adminEmail()).orElseThrow();
        // As on a first `serve`: a way into the web view too, not only the API.
        String password = app.passwords().generate();
        app.passwords().set(null, admin.id(), password);
        System.out.println("Sign in to the web view as " + admin.email() + " with this one-time password"
                + " (change it with: unsilo users password --email " + admin.email() + " --password-stdin):");
        System.out.println("    " + password);
        System.out.println("Admin " + admin.email() + "; API token:");
        System.out.println(app.tokens().create(admin.id(), "demo").secret());
    }
}
