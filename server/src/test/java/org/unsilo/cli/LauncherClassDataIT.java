package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.JarProcess;

/**
 * The launcher's class-data archive (issue 9, start-up time): {@code ./unsilo} makes it once for a jar with the hidden
 * {@code warm-up} command, uses it on the next starts, and makes it again when the jar is newer. The JVM ignores an
 * archive it cannot use without saying so, so the test also checks that this one is accepted: {@code -Xshare:on}
 * refuses to start otherwise. The same run copies SQLite's native library out of the jar for later starts to load.
 */
class LauncherClassDataIT {

    private static final String PREPARING = "Preparing a faster start";

    @TempDir
    Path work;

    @Test
    void madeOnceForEachJarAndAcceptedByTheJvm() throws Exception {
        Path built = JarProcess.jar();
        Path jar = Files.copy(built, work.resolve("unsilo.jar"));
        Path archive = work.resolve("unsilo.jsa");

        Run first = launcher(jar, "", "--version");
        assertThat(first.exit).as(first.stderr).isZero();
        assertThat(first.stderr).contains(PREPARING).doesNotContain("could not prepare");
        assertThat(archive).isRegularFile();
        assertThat(Files.size(archive)).isGreaterThan(1_000_000);

        // The same preparation copied SQLite's native library out of the jar, and starts load that copy.
        Path nativeDir = work.resolve("unsilo-native");
        Path library = nativeDir.resolve(org.sqlite.util.LibraryLoaderUtil.getNativeLibName());
        assertThat(library).isRegularFile();
        Run users = launcher(jar, "-Xlog:library=info", "users", "add", "--email", "first@unsilo.test", "--name", "First",
                "--data-dir", work.resolve("data").toString());
        assertThat(users.exit).as(users.stderr).isZero();
        assertThat(users.stdout).contains("Loaded library " + library);

        Run again = launcher(jar, "-Xshare:on", "--version");
        assertThat(again.exit).as("the JVM maps the archive (-Xshare:on fails otherwise): " + again.stderr).isZero();
        assertThat(again.stdout).startsWith("unsilo ");
        assertThat(again.stderr).doesNotContain(PREPARING);

        assertThat(jar.toFile().setLastModified(Files.getLastModifiedTime(archive).toMillis() + 5_000)).isTrue();
        Run rebuilt = launcher(jar, "", "--version");
        assertThat(rebuilt.exit).as(rebuilt.stderr).isZero();
        assertThat(rebuilt.stderr).as("a newer jar gets a new archive").contains(PREPARING);
        assertThat(Files.getLastModifiedTime(archive).toMillis()).isGreaterThanOrEqualTo(Files.getLastModifiedTime(jar).toMillis());
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run launcher(Path jar, String javaOpts, String... args) throws IOException, InterruptedException {
        Path script = Path.of("..", "unsilo").toAbsolutePath().normalize();
        assertThat(script).as("the launcher at the repository root").isRegularFile();
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        pb.command().addAll(java.util.List.of(args));
        pb.directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSILO_"));
        pb.environment().put("UNSILO_JAR", jar.toString());
        pb.environment().put("UNSILO_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
