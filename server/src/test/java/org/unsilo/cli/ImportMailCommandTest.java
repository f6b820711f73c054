package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.CliRun;

/** {@code unsilo import mail} as a user runs it, in-process, on the fixtures of src/test/resources/mail/. */
class ImportMailCommandTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path work;



    /** Import works on a database a server (or 'users add') has made; it does not make one. */
    @BeforeEach
    void database() {
        try (App app = new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dataDir.toString())),
                Clock.systemUTC())) {
            app.db().awaitSchema();
        }
    }

    private CliRun.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return CliRun.run(all.toArray(String[]::new));
    }

    private Path fixture(String name) {
        try {
            Path source = Path.of(getClass().getResource("/mail/" + name).toURI());
            Path dest = work.resolve(name);
            try (Stream<Path> all = Files.walk(source)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Path d = dest.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(d);
                    } else {
                        Files.createDirectories(d.getParent());
                        Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return dest;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void importsPrintsASummaryAndSaysSoWhenThereIsNothingLeftToDo() throws IOException {
        assertThat(cli("users", "add", "--email", "owner@acme-energy.com", "--name", "Olive Owner").exitCode()).isZero();
        Path eml = fixture("eml");

        CliRun.Result r = cli("import", "mail", eml.toString(), "--owner", "owner@acme-energy.com");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Imported " + eml.toRealPath() + " (eml)")
                .containsPattern("files read +5\\b")
                .containsPattern("new +4\\b")
                .containsPattern("skipped +1 +\\(reasons below\\)")
                .containsPattern("no sender +1\\b")
                .contains("malformed.eml: no sender: the message has no From header");
        // The progress went to stderr (plain lines when not on a terminal): the total, counted while the import ran,
        // then the end. The job keeps the total too.
        assertThat(r.err()).contains("Importing eml: 5 records\n").contains("5 records in");
        assertThat(r.err().indexOf("Importing eml: 5 records\n")).isLessThan(r.err().indexOf("5 records in"));
        try (App app = new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dataDir.toString())),
                Clock.systemUTC())) {
            assertThat(app.importJobs().find(1).orElseThrow().total()).isEqualTo(5L);
        }

        CliRun.Result again = cli("import", "mail", eml.toString(), "--owner", "owner@acme-energy.com");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Nothing to do: this import (job 1) finished before").containsPattern("new +4\\b");
    }

    @Test
    void ownersByFolderReportsTheLearnedAddresses() {
        Path cmu = fixture("cmu");

        CliRun.Result r = cli("import", "mail", cmu.toString(), "--owners-by-folder", "--batch-size", "4");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Mailbox owners (addresses learned from their sent mail):")
                .contains("alice-a      Alice Smith, alice.smith@acme-energy.com (4 sent), a..smith@acme-energy.com (3 sent)  [new account]")
                .contains("bob-b        Bob Jones, bob.jones@acme-energy.com (2 sent)  [new account]")
                .containsPattern("duplicates folded +3\\b")
                .containsPattern("addresses learned +3\\b");
        CliRun.Result users = cli("users", "list");
        assertThat(users.out()).contains("alice.smith@acme-energy.com\tAlice Smith", "bob.jones@acme-energy.com\tBob Jones");
    }

    @Test
    void aStoppedImportContinuesWhereItStopped() {
        Path cmu = fixture("cmu");
        CliRun.Result first = cli("import", "mail", cmu.toString(), "--owners-by-folder", "--batch-size", "2", "--stop-after-batches", "3");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Stopped after 6 messages as asked; run the same command again to continue");

        CliRun.Result rest = cli("import", "mail", cmu.toString(), "--owners-by-folder", "--batch-size", "2");
        assertThat(rest.out()).contains("9 messages this run").contains("(resumed at 6 of 15)").containsPattern("new +11\\b");
    }

    @Test
    void mistakesGetOneLineErrors() {
        Path eml = fixture("eml");
        assertOneLineError(cli("import", "mail", eml.toString()), "--owner EMAIL", "--owners-by-folder");
        assertOneLineError(cli("import", "mail", eml.toString(), "--owner", "x@acme-energy.com", "--owners-by-folder"), "not both");
        assertOneLineError(cli("import", "mail", eml.toString(), "--owner", "x@acme-energy.com"),
                "no staff account with address x@acme-energy.com", "unsilo users add");
        assertOneLineError(cli("import", "mail", eml.toString(), "--owner", "x@acme-energy.com", "--format", "pst"),
                "unknown mail format 'pst'");
        assertOneLineError(cli("import", "mail", work.resolve("nope").toString(), "--owners-by-folder"), "no such file or folder");
    }

    private static void assertOneLineError(CliRun.Result r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isNotZero();
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("error: ").contains(fragments);
    }
}
