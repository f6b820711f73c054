package org.unsilo.cli;

import picocli.CommandLine.Command;

/** {@code unsilo import …}: bring archives and address books in through the capture path (DESIGN.md §10). */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import address books (vCard, CSV) or mail archives (maildir, mbox, .eml) into the CRM.",
        subcommands = {ImportMailCommand.class, ImportContactsCommand.class})
final class ImportCommand {
}
