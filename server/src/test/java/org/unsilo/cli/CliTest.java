package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.capture.Capture;
import org.unsilo.capture.Party;
import org.unsilo.testing.CliRun;
import org.unsilo.testing.NewerSchema;
import org.unsilo.config.ConfigLoader;
import org.unsilo.config.SyncConfig;
import org.unsilo.sync.Provider;

/** The CLI as a user runs it, in-process, against a real SQLite file in a temporary data directory. */
class CliTest {

    @TempDir
    Path dataDir;

    /** Runs a command on the test's data directory. */
    private CliRun.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return CliRun.run(all.toArray(String[]::new));
    }

    private App openApp() {
        return new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dataDir.toString())),
                Clock.systemUTC());
    }

    private void assertOneLineError(CliRun.Result r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isNotZero();
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("error: ").contains(fragments);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void createdTokenIsPrintedAloneOnTheLastLineAndAuthenticates() {
        CliRun.Result add = cli("users", "add", "--email", "a@x.com", "--name", "A", "--role", "admin");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("a@x.com").contains("admin");

        CliRun.Result create = cli("token", "create", "--email", "a@x.com");
        assertThat(create.exitCode()).as(create.err()).isZero();
        String token = create.lastLine();
        assertThat(token).startsWith("uns_").doesNotContainAnyWhitespaces();

        try (App app = openApp()) {
            assertThat(app.tokens().authenticate(token)).get()
                    .satisfies(p -> {
                        assertThat(p.user().email()).isEqualTo("a@x.com");
                        assertThat(p.isAdmin()).isTrue();
                    });
            assertThat(app.tokens().authenticate(token + "x")).isEmpty();
        }
    }

    @Test
    void revokedTokenNoLongerAuthenticates() {
        assertThat(cli("users", "add", "--email", "b@x.com", "--name", "B").exitCode()).isZero();
        CliRun.Result create = cli("token", "create", "--email", "b@x.com", "--name", "laptop");
        assertThat(create.exitCode()).as(create.err()).isZero();
        String token = create.lastLine();
        Matcher m = Pattern.compile("Created token (\\d+) ").matcher(create.out());
        assertThat(m.find()).as("token id in: %s", create.out()).isTrue();
        long id = Long.parseLong(m.group(1));

        try (App app = openApp()) {
            assertThat(app.tokens().authenticate(token)).isPresent();
            assertThat(app.tokens().find(id)).get().satisfies(t -> assertThat(t.name()).isEqualTo("laptop"));
        }

        CliRun.Result revoke = cli("token", "revoke", "--id", Long.toString(id));
        assertThat(revoke.exitCode()).as(revoke.err()).isZero();
        assertThat(revoke.out()).contains("Revoked token " + id);

        try (App app = openApp()) {
            assertThat(app.tokens().authenticate(token)).isEmpty();
        }

        CliRun.Result again = cli("token", "revoke", "--id", Long.toString(id));
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already revoked");
    }

    @Test
    void revokingAnUnknownTokenFails() {
        openApp().close();
        assertOneLineError(cli("token", "revoke", "--id", "999"), "999");
    }

    @Test
    void tokenForUnknownUserFails() {
        openApp().close();
        assertOneLineError(cli("token", "create", "--email", "nobody@x.com"), "nobody@x.com");
    }

    @Test
    void invalidEmailIsRejectedWithOneLineAndNothingIsStored() {
        assertOneLineError(cli("users", "add", "--email", "not an address", "--name", "N"), "not an address");

        try (App app = openApp()) {
            assertThat(app.users().count()).isZero();
        }
    }

    @Test
    void duplicateUserIsRejectedWithOneLine() {
        assertThat(cli("users", "add", "--email", "dup@x.com", "--name", "D").exitCode()).isZero();

        assertOneLineError(cli("users", "add", "--email", "DUP@x.com", "--name", "D again"), "dup@x.com", "already exists");

        try (App app = openApp()) {
            assertThat(app.users().count()).isEqualTo(1);
        }
    }

    @Test
    void invalidRoleIsRejected() {
        assertOneLineError(cli("users", "add", "--email", "r@x.com", "--name", "R", "--role", "owner"), "role");
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        CliRun.Result r = cli("users", "add", "--name", "No Email");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--email");
    }

    @Test
    void listAndAliasWorkOnTheSameDatabase() {
        assertThat(cli("users", "add", "--email", "c@x.com", "--name", "Carol Chen").exitCode()).isZero();
        assertThat(cli("users", "add", "--email", "d@x.com", "--name", "Dan", "--role", "admin").exitCode()).isZero();

        CliRun.Result alias = cli("users", "alias", "--email", "c@x.com", "--alias", "carol@x.co.uk");
        assertThat(alias.exitCode()).as(alias.err()).isZero();

        CliRun.Result list = cli("users", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.outLines()).hasSize(2);
        assertThat(list.outLines().get(0)).contains("c@x.com", "Carol Chen", "member", "active");
        assertThat(list.outLines().get(1)).contains("d@x.com", "admin");

        try (App app = openApp()) {
            assertThat(app.users().findByEmail("carol@x.co.uk")).get()
                    .satisfies(u -> assertThat(u.email()).isEqualTo("c@x.com"));
        }
        // The alias is an address of the same account, so a token can be made through it.
        assertThat(cli("token", "create", "--email", "carol@x.co.uk").lastLine()).startsWith("uns_");

        CliRun.Result taken = cli("users", "alias", "--email", "d@x.com", "--alias", "carol@x.co.uk");
        assertThat(taken.exitCode()).as("another person's address").isEqualTo(2);
        assertThat(taken.err()).contains("carol@x.co.uk is already an address of c@x.com");
        assertThat(taken.out()).doesNotContain("Added");
        assertThat(cli("users", "alias", "--email", "c@x.com", "--alias", "carol@x.co.uk").exitCode())
                .as("adding an address a person already has is no error").isZero();
    }

    @Test
    void aMistypedDataDirIsNamedNotMadeIntoAnEmptyDatabase(@TempDir Path mailbox) throws IOException {
        Files.writeString(mailbox.resolve("contacts.vcf"), "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nEMAIL:ann@y.com\nEND:VCARD\n");
        Files.createDirectories(mailbox.resolve("ann-a/sent"));
        Files.writeString(mailbox.resolve("ann-a/sent/1."), "From: ann@x.com\nTo: bo@y.com\nSubject: Hi\n\nHello\n");
        for (String[] command : List.of(new String[] {"users", "list"}, new String[] {"token", "create", "--email", "a@x.com"},
                new String[] {"rebuild-relationships"}, new String[] {"backup", dataDir.resolve("backups/b.db").toString()},
                new String[] {"import", "mail", mailbox.toString(), "--owners-by-folder"},
                new String[] {"import", "contacts", mailbox.resolve("contacts.vcf").toString(), "--owner", "a@x.com"})) {
            assertOneLineError(cli(command), "there is no Unsilo database at", dataDir.resolve("unsilo.db").toString());
        }
        assertThat(dataDir.resolve("unsilo.db")).doesNotExist();
        assertThat(dataDir.resolve("backups")).as("no folder made for a backup of nothing").doesNotExist();
        assertThat(cli("users", "add", "--email", "first@x.com", "--name", "First").exitCode())
                .as("adding the first colleague may create it").isZero();
        assertThat(cli("users", "list").out()).contains("first@x.com");
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun.Result r = CliRun.run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing command", "Usage: unsilo", "serve");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aCommandGroupWithoutItsCommandIsAUsageError() {
        for (String group : List.of("users", "token", "privacy", "import", "manifest", "connections", "sync")) {
            CliRun.Result r = CliRun.run(group);
            assertThat(r.exitCode()).as("unsilo %s", group).isEqualTo(2);
            assertThat(r.err()).as("unsilo %s", group).contains("Missing required subcommand", "Usage: unsilo " + group);
            assertThat(r.out()).as("unsilo %s", group).isEmpty();
        }
    }

    @Test
    void importHelpNamesAddressBooksAsWellAsMail() {
        assertThat(CliRun.run("--help").out()).containsPattern("import +Import address books \\(vCard, CSV\\) or mail");
        assertThat(CliRun.run("import", "--help").out()).contains("Import address books (vCard, CSV) or mail archives");
    }

    @Test
    void connectingAMailboxWithoutTheProvidersOAuthClientIsRefusedAndStoresNothing() {
        assertThat(cli("users", "add", "--email", "m@x.com", "--name", "M").exitCode()).isZero();
        List<String> args = new ArrayList<>(List.of("connections", "add", "--email", "m@x.com", "--provider", "microsoft",
                "--refresh-token-stdin", "--data-dir", dataDir.toString()));
        CliRun.Result r = CliRun.runWithInput("a-refresh-token\n", args.toArray(String[]::new));
        assertOneLineError(r, "connecting microsoft is not set up on this server", "UNSILO_MICROSOFT_CLIENT_ID");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(cli("connections", "list").out()).isEmpty();
    }

    @Test
    void aConnectionWhoseProvidersOAuthClientWasRemovedFailsNamingTheMissingSetting() {
        assertThat(cli("users", "add", "--email", "m@x.com", "--name", "M").exitCode()).isZero();
        try (App app = new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dataDir.toString(),
                SyncConfig.MICROSOFT_CLIENT_ID, "a-client", SyncConfig.MICROSOFT_CLIENT_SECRET, "a-secret")),
                Clock.systemUTC())) {
            app.connections().connect(app.users().findByEmail("m@x.com").orElseThrow().id(), Provider.MICROSOFT,
                    "a-refresh-token");
        }

        CliRun.Result r = cli("sync", "now", "--email", "m@x.com");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.out()).contains("connecting microsoft is not set up on this server", "UNSILO_MICROSOFT_CLIENT_ID")
                .doesNotContain("Exception");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        assertThat(cli("connections", "list").out()).contains("UNSILO_MICROSOFT_CLIENT_ID").doesNotContain("Exception");
    }

    @Test
    void helpListsEveryCommand() {
        CliRun.Result r = CliRun.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("serve", "users", "token", "rebuild-relationships", "help");

        assertThat(CliRun.run("users", "--help").out()).contains("add", "list", "alias");
        assertThat(CliRun.run("token", "--help").out()).contains("create", "revoke");
        assertThat(CliRun.run("serve", "--help").out()).contains("--port", "--bind", "--data-dir", "--db-url", "--config");
    }

    @Test
    void versionIsPrinted() {
        CliRun.Result r = CliRun.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("unsilo ");
    }

    @Test
    void unknownCommandFails() {
        CliRun.Result r = CliRun.run("frobnicate");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("frobnicate");
    }

    @Test
    void aDatabaseOfANewerVersionStopsACommandWithOneClearLine() throws Exception {
        assertThat(cli("users", "add", "--email", "a@x.com", "--name", "A").exitCode()).isZero();
        NewerSchema.recordNextMigration(dataDir.resolve("unsilo.db"));
        CliRun.Result r = cli("users", "list");
        assertOneLineError(r, "last used by a newer version of Unsilo", "unsilo restore");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void rebuildRelationshipsSucceedsOnAnEmptyDatabase() {
        openApp().close();
        CliRun.Result r = cli("rebuild-relationships");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Rebuilt relationships from 0 messages");
    }

    @Test
    void rebuildRelationshipsSaysHowManyContactsItReplayed() {
        try (App app = openApp()) {
            long ed = app.users().create(null, "ed@unsilo.test", "Ed", "member").id();
            app.captures().captureAll(List.of(new Capture(Capture.Source.API, ed, "<rebuild-1@unsilo.test>", null, null,
                    "Renewal", Instant.parse("2026-03-01T09:00:00Z"), Party.of("ed@unsilo.test", null),
                    List.of(Party.of("ria@sigma.example", null), Party.of("lee@omega.example", null)),
                    List.of(Party.of("max@omega.example", null)), null, null, Map.of(), false)), h -> { });
        }
        CliRun.Result r = cli("rebuild-relationships");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // No console here: a start and a finish line instead of a bar.
        assertThat(r.err()).contains("Relationships of contacts: 3 records", "Relationships of contacts: 3 records in ");
        assertThat(r.out()).contains("Rebuilt relationships from 1 message in ");
    }

    @Test
    void aBindAddressThatIsNotThisMachinesIsNamedNotTakenForABusyPort() {
        // 192.0.2.1 is reserved for documentation (RFC 5737) and .invalid never resolves (RFC 2606).
        for (String bind : List.of("192.0.2.1", "nonsense.invalid")) {
            CliRun.Result r = cli("serve", "--port", "0", "--bind", bind);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertOneLineError(r, "error: cannot listen on " + bind + ":0: '" + bind
                    + "' is not an address of this machine; set --bind or UNSILO_BIND");
            assertThat(r.err()).doesNotContain("Port already in use", "--port");
        }
    }

    @Test
    void aBusyPortIsNamedAsSuch() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRun.Result r = cli("serve", "--port", Integer.toString(port));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            // Only ours: no log line of Javalin's saying that it failed to start.
            assertOneLineError(r, "error: cannot listen on 127.0.0.1:" + port + ": another program is using port "
                    + port + "; choose another with --port or UNSILO_PORT");
        }
    }

    @Test
    void configFileIsReadAndBadSettingsAreOneLineErrors() throws IOException {
        Path good = dataDir.resolve("good.properties");
        Path other = dataDir.resolve("other");
        Files.writeString(good, "unsilo.data-dir=" + other.toString().replace("\\", "\\\\") + "\n");
        assertThat(CliRun.run("users", "add", "--email", "f@x.com", "--name", "F", "--config", good.toString()).exitCode()).isZero();
        assertThat(other.resolve("unsilo.db")).exists();

        Path bad = dataDir.resolve("bad.properties");
        Files.writeString(bad, "UNSILO_CAPTURE_POLICY=everything\n");
        assertOneLineError(cli("users", "list", "--config", bad.toString()), "UNSILO_CAPTURE_POLICY");

        assertOneLineError(cli("users", "list", "--config", dataDir.resolve("missing.properties").toString()),
                "missing.properties");
    }
}
