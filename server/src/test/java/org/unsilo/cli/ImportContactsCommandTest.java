package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.App;
import org.unsilo.config.ConfigLoader;
import picocli.CommandLine;

/**
 * {@code import contacts} as a user runs it. The command is run on its own here, not through
 * {@link Main}, because it will be hooked under {@code import} when the mail importer's command exists.
 */
class ImportContactsCommandTest {

    @TempDir
    Path dataDir;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeEach
    void staff() {
        try (App app = new App(new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, dataDir.toString())),
                Clock.systemUTC())) {
            app.users().create(null, "ada@unsilo.test", "Ada Admin", "admin");
        }
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ImportContactsCommandTest.class.getResource("/contacts/" + name).toURI());
    }

    private synchronized Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = new CommandLine(new ImportContactsCommand())
                    .setExecutionExceptionHandler(new FriendlyErrors())
                    .setErr(new PrintWriter(e, true))
                    .execute(all.toArray(String[]::new));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void importsPrintsTheSummaryAndWhatWasNotUsed() throws Exception {
        Result r = run(fixture("broken-row.csv").toString(), "--owner", "ada@unsilo.test");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Imported broken-row.csv for ada@unsilo.test (import job 1)")
                .contains("read as CSV, UTF-8, ',' separated")
                .containsPattern("records read +5")
                .containsPattern("contacts created +3")
                .containsPattern("unreadable +2")
                .contains("Not used (2):")
                .contains("broken-row.csv record 2 (line 3): the row cannot be parsed: Invalid character between"
                        + " encapsulated token and delimiter");
        // Without a terminal there is no redrawn bar, only a start and an end line.
        assertThat(r.err()).contains("Importing broken-row.csv: 5 records").doesNotContain("\r");
    }

    @Test
    void aSecondRunSaysItWasDoneAndAddsNothing() throws Exception {
        String file = fixture("two-cards-v30.vcf").toString();
        assertThat(run(file, "--owner", "ada@unsilo.test").exitCode()).isZero();

        Result again = run(file, "--owner", "ada@unsilo.test");

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("two-cards-v30.vcf was already imported for ada@unsilo.test (import job 1")
                .containsPattern("contacts created +2");
    }

    @Test
    void mistakesGetOneClearLine() throws Exception {
        String file = fixture("two-cards-v30.vcf").toString();

        Result owner = run(file, "--owner", "nobody@unsilo.test");
        Result format = run(file, "--owner", "ada@unsilo.test", "--format", "ldif");
        Result missing = run(dataDir.resolve("nope.vcf").toString(), "--owner", "ada@unsilo.test");

        assertThat(owner.exitCode()).isEqualTo(2);
        assertThat(owner.err().strip()).isEqualTo("error: no staff member with address nobody@unsilo.test;"
                + " add one first with `unsilo users add`");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("unknown format 'ldif'; use vcard or csv");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        assertThat(owner.err() + format.err() + missing.err()).doesNotContain("Exception", "\tat ");
    }
}
