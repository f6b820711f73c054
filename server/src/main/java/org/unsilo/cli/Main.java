package org.unsilo.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unsilo}: the one command-line entry point of the server. */
@Command(name = "unsilo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Unsilo: inbox-first CRM capture server.")
public final class Main implements Runnable {

    private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, UsersCommand.class, TokenCommand.class,
            RebuildRelationshipsCommand.class, PrivacyCommand.class, DemoCommand.class, ImportCommand.class,
            ManifestCommand.class, ConnectionsCommand.class, SyncCommand.class, BackupCommand.class, RestoreCommand.class,
            DevCertCommand.class, WarmUpCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        // picocli builds its model of a command by reflection, ~0.2 s for all of them before the first line runs: a
        // server start, which has a time-to-ready target, registers only the command it runs.
        boolean serving = args.length > 0 && args[0].equals("serve");
        for (Class<?> command : serving ? List.of(ServeCommand.class) : COMMANDS) {
            cli.addSubcommand(command);
        }
        return cli.setExecutionExceptionHandler(new FriendlyErrors()).execute(args);
    }

    /** No command given: a usage error like any other (exit 2, the usage on standard error). */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: say what to do, for example 'unsilo serve'");
    }
}
