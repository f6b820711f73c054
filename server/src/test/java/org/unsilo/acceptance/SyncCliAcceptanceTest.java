package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.CliRun;

/** {@code unsilo connections add|list} and {@code unsilo sync now} against {@link ProviderStub}, on a real database. */
@Tag("acceptance")
class SyncCliAcceptanceTest {

    private static ProviderStub stub;
    private static Path dir;
    private static Path config;

    @BeforeAll
    static void start() throws IOException {
        stub = new ProviderStub();
        dir = Files.createTempDirectory("unsilo-sync-cli");
        config = dir.resolve("unsilo.properties");
        List<String> lines = new ArrayList<>();
        stub.settings().forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(config, lines);
    }

    @AfterAll
    static void stop() {
        stub.close();
    }

    private static CliRun.Result cli(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dir.toString(), "--config", config.toString()));
        return CliRun.runWithInput(stdin, all.toArray(String[]::new));
    }

    @Test
    void addListAndSyncNowWithProgress() {
        assertThat(cli("", "users", "add", "--email", "cli.sync@unsilo.test", "--name", "Cli Sync").exitCode()).isZero();
        stub.account("rt-cli-secret", "at-cli", ProviderStub.GraphSet.NANGO);

        CliRun.Result added = cli("rt-cli-secret\n", "connections", "add", "--email", "cli.sync@unsilo.test",
                "--provider", "microsoft", "--refresh-token-stdin");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Connected microsoft mailbox of cli.sync@unsilo.test").doesNotContain("rt-cli-secret");

        CliRun.Result listed = cli("", "connections", "list");
        assertThat(listed.out()).contains("cli.sync@unsilo.test\tmicrosoft\tpending\tnever synced\tinbox,sentitems");

        CliRun.Result synced = cli("", "sync", "now", "--email", "cli.sync@unsilo.test");
        assertThat(synced.exitCode()).as(synced.out() + synced.err()).isZero();
        assertThat(synced.out()).contains("microsoft (connection 1): round complete")
                .contains("messages fetched " + fetched() + ", stored " + fetched() + " (");
        assertThat(synced.err()).contains("Syncing Microsoft 365 mailbox");

        assertThat(cli("", "connections", "list").out()).contains("\thealthy\tlast success ");
        CliRun.Result unknown = cli("", "sync", "now", "--email", "nobody@unsilo.test");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no user with address nobody@unsilo.test");
    }

    /** Messages on Nango's recorded inbox delta pages (none is a draft). */
    private static long fetched() {
        long n = 0;
        for (String f : List.of("me.mailFolders.inbox.messages.delta.page1-nextLink.nango.json",
                "me.mailFolders.inbox.messages.delta.page2-deltaLink.nango.json")) {
            n += ProviderStub.read(ProviderStub.GRAPH + f).get("value").size();
        }
        return n;
    }
}
