package org.unsilo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.unsilo.App;
import org.unsilo.contacts.ContactConflictException;
import org.unsilo.http.Json;
import org.unsilo.privacy.Erasure;
import org.unsilo.privacy.PersonExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unsilo privacy export|erase --email A}: the admin API's privacy operations from the command line. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Export or erase everything held about one person (GDPR art. 15 and 17).",
        subcommands = {PrivacyCommand.Export.class, PrivacyCommand.Erase.class})
final class PrivacyCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Print (or write to --out) everything held about the person with this address, as JSON.")
    static final class Export implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "The person's e-mail address.")
        String email;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON to this file instead of standard output.")
        Path out;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                PersonExport export = conflictsAsErrors(() -> app.privacy().export(null, email));
                String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(export);
                if (out == null) {
                    System.out.println(json);
                } else {
                    Files.writeString(out, json + "\n", StandardCharsets.UTF_8);
                    System.out.printf("Wrote %s: %s, %d messages, %d relationships%n", out,
                            export.contact() == null ? "no contact" : "contact " + export.contact().id(),
                            export.messages().size(), export.relationships().size());
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                java.nio.file.Path folder = out.toAbsolutePath().getParent();
                throw new CliException("cannot write " + out + ": " + (folder != null && !Files.isDirectory(folder)
                        ? "the folder " + folder + " does not exist" : e.getClass().getSimpleName() + " " + e.getMessage()));
            }
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = {"Erase the person with this address everywhere, in one transaction, and suppress their"
                    + " addresses so that later captures of them are refused (lift with"
                    + " DELETE /api/v1/admin/suppressions/{address}).", "This cannot be undone."})
    static final class Erase implements Runnable {
        @Mixin
        StoreOptions store;

        @Option(names = "--email", required = true, description = "The person's e-mail address.")
        String email;

        @Override
        public void run() {
            try (App app = store.openExisting()) {
                Erasure e = conflictsAsErrors(() -> app.privacy().erase(null, email));
                System.out.printf("Erased %s (hash %s): %d contacts, %d addresses, %d message parties, %d messages"
                                + " stripped of their text, %d relationships, %d audit entries redacted; %d addresses"
                                + " suppressed.%n", email, e.addressHash(), e.contacts(), e.addresses(), e.messageParties(),
                        e.messagesStripped(), e.relationships(), e.auditEntriesRedacted(), e.suppressedAddresses());
            }
        }
    }

    private static <T> T conflictsAsErrors(Supplier<T> action) {
        try {
            return action.get();
        } catch (ContactConflictException e) {
            throw new CliException(e.getMessage());
        }
    }
}
