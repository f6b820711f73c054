package org.unsilo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unsilo}: the one command-line entry point of the server. */
@Command(name = "unsilo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Unsilo: inbox-first CRM capture server.",
        subcommands = {ServeCommand.class, UsersCommand.class, TokenCommand.class, RebuildRelationshipsCommand.class,
                PrivacyCommand.class, DemoCommand.class,
                ImportCommand.class, ManifestCommand.class, ConnectionsCommand.class, SyncCommand.class,
                BackupCommand.class, RestoreCommand.class, WarmUpCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new FriendlyErrors())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
