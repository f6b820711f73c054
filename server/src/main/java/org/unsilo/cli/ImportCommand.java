package org.unsilo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unsilo import …}: bring archives and address books in through the capture path (DESIGN.md §10). */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import mail archives (maildir, mbox, .eml) into the CRM.",
        subcommands = {ImportMailCommand.class, ImportContactsCommand.class})
final class ImportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
