package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.CliRun;

/**
 * {@code unsilo manifest}: the files it writes, and that the copies checked in under addin-manifest/ are
 * exactly what it writes for the default base URL.
 */
class ManifestCommandTest {

    /** The repository's addin-manifest folder; Maven runs the tests in server/. */
    private static final Path CHECKED_IN = Path.of("..", "addin-manifest").toAbsolutePath().normalize();
    private static final String DEFAULT_BASE = "https://unsilo.example.com";
    private static final String PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

    @TempDir
    Path out;

    @Test
    void checkedInOutlookFilesEqualWhatTheCommandWritesForTheDefaultUrl() throws IOException {
        CliRun.Result r = CliRun.run("manifest", "outlook", "--base-url", DEFAULT_BASE, "--entra-client-id", PLACEHOLDER,
                "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertSameFiles(CHECKED_IN.resolve("outlook"), out,
                "./unsilo manifest outlook --base-url " + DEFAULT_BASE + " --out addin-manifest/outlook");
    }

    @Test
    void checkedInGmailDeploymentEqualsWhatTheCommandWritesForTheDefaultUrl() throws IOException {
        CliRun.Result r = CliRun.run("manifest", "gmail", "--base-url", DEFAULT_BASE, "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertSameFiles(CHECKED_IN.resolve("gmail"), out,
                "./unsilo manifest gmail --base-url " + DEFAULT_BASE + " --out addin-manifest/gmail");
    }

    @Test
    void uploadZipHoldsTheUnifiedManifestAndItsTwoIconsAsWritten() throws IOException {
        CliRun.Result r = CliRun.run("manifest", "outlook", "--base-url", "https://crm.acme.test", "--out", out.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, byte[]> zip = unzip(out.resolve("unsilo-outlook.zip"));
        assertThat(zip).containsOnlyKeys("manifest.json", "color.png", "outline.png");
        for (Map.Entry<String, byte[]> e : zip.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(Files.readAllBytes(out.resolve(e.getKey())));
        }
        assertThat(new String(zip.get("manifest.json"), StandardCharsets.UTF_8))
                .contains("https://crm.acme.test/addin/taskpane.html");
        assertThat(r.out()).contains("Wrote for https://crm.acme.test:", "unsilo-outlook.zip", PLACEHOLDER);
    }

    @Test
    void baseUrlAndEntraAppComeFromTheSettingsFileWhenNotGiven() throws IOException {
        Path config = Files.writeString(out.resolve("unsilo.properties"),
                "UNSILO_BASE_URL=https://crm.from-config.test/\nUNSILO_ENTRA_CLIENT_ID=3f2504e0-4f89-11d3-9a0c-0305e82c3301\n");

        CliRun.Result r = CliRun.run("manifest", "outlook", "--config", config.toString(), "--out", out.resolve("o").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("o/manifest.xml")))
                .contains("https://crm.from-config.test/addin/taskpane.html")
                .contains("<Resource>api://crm.from-config.test/3f2504e0-4f89-11d3-9a0c-0305e82c3301</Resource>");
        assertThat(r.out()).doesNotContain(PLACEHOLDER);
    }

    @Test
    void aPublicPlainHttpUrlIsAOneLineError() {
        CliRun.Result r = CliRun.run("manifest", "gmail", "--base-url", "http://crm.acme.test", "--out", out.toString());

        assertOneLineError(r, "http://crm.acme.test", "https only");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void aMalformedEntraClientIdIsAOneLineErrorNamingTheSetting() {
        CliRun.Result r = CliRun.run("manifest", "outlook", "--base-url", DEFAULT_BASE, "--entra-client-id", "my-app",
                "--out", out.toString());

        assertOneLineError(r, "UNSILO_ENTRA_CLIENT_ID", "GUID");
    }

    @Test
    void anOutputPathThatIsAFileIsAOneLineError() throws IOException {
        Path file = Files.writeString(out.resolve("taken"), "x");

        CliRun.Result r = CliRun.run("manifest", "gmail", "--base-url", DEFAULT_BASE, "--out", file.toString());

        assertOneLineError(r, "cannot write the manifests to", "taken");
    }

    private static void assertOneLineError(CliRun.Result r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.errLines()).as("stderr").hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("error: ").contains(fragments);
    }

    /** Same file names both ways and the same bytes; a zip is compared entry by entry (deflate output may vary by JDK). */
    private static void assertSameFiles(Path expectedDir, Path actualDir, String regenerate) throws IOException {
        String hint = " is out of date; regenerate it with: " + regenerate;
        assertThat(expectedDir).as(expectedDir + " (checked in)").isDirectory();
        assertThat(names(expectedDir)).as(expectedDir + hint).isEqualTo(names(actualDir));
        for (String name : names(actualDir)) {
            Path expected = expectedDir.resolve(name);
            Path actual = actualDir.resolve(name);
            if (name.endsWith(".zip")) {
                Map<String, byte[]> want = unzip(expected);
                Map<String, byte[]> got = unzip(actual);
                assertThat(want.keySet()).as(expected + hint).containsExactlyElementsOf(got.keySet());
                got.forEach((entry, bytes) -> assertThat(want.get(entry)).as(expected + "!" + entry + hint).isEqualTo(bytes));
            } else if (name.endsWith(".png")) {
                assertThat(Files.readAllBytes(expected)).as(expected + hint).isEqualTo(Files.readAllBytes(actual));
            } else {
                assertThat(Files.readString(expected)).as(expected + hint).isEqualTo(Files.readString(actual));
            }
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Map<String, byte[]> unzip(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                entries.put(e.getName(), z.readAllBytes());
            }
        }
        return entries;
    }
}
