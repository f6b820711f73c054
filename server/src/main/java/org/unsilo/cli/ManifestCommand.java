package org.unsilo.cli;

import picocli.CommandLine.Command;

/** {@code unsilo manifest …}: the files an admin deploys so that Outlook and Gmail load Unsilo from this server. */
@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = "Write the Outlook add-in manifests or the Gmail add-on deployment for this server's URL.",
        subcommands = {ManifestOutlookCommand.class, ManifestGmailCommand.class})
final class ManifestCommand {
}
