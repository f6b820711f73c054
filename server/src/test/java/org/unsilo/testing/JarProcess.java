package org.unsilo.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar unsilo.jar ...} process, as a user starts the packaged server or a command: stdout is collected
 * line by line, stderr goes to a file. For the integration tests (*IT), which run after the shade plugin built the jar.
 */
public final class JarProcess implements AutoCloseable {

    /** The line {@code serve} prints once it listens; group 2 is the port. */
    public static final Pattern LISTENING =
            Pattern.compile("^Unsilo is listening on https?://([^:]+):(\\d+) \\(public URL (\\S+), database (.+)\\)$");
    /** The admin token printed on the first start. */
    public static final Pattern TOKEN_LINE = Pattern.compile("^\\s+(uns_[A-Za-z0-9_-]{20,})$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path stderr;
    private final Thread reader;

    private JarProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process went away; what was read is kept.
            }
        }, "unsilo-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** The shaded jar that {@code mvn verify} builds ({@code -Dunsilo.jar}, set by failsafe); fails if it is missing. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("unsilo.jar", "target/unsilo.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the shaded jar " + jar + " is missing (run this test with `mvn verify`, which builds it first)");
        }
        return jar;
    }

    /** Starts {@code java -jar unsilo.jar args...} in {@code workingDir}, with no UNSILO_* settings from the machine. */
    public static JarProcess start(Path workingDir, String... args) throws IOException {
        return start(workingDir, Map.of(), args);
    }

    /** {@link #start(Path, String...)} with these environment variables (e.g. {@code UNSILO_LOG_FORMAT}) set. */
    public static JarProcess start(Path workingDir, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Path err = Files.createTempFile(workingDir, "stderr-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(err.toFile()));
        // Only what the test passes counts: no UNSILO_* settings leak in from the machine running the build.
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSILO_"));
        pb.environment().putAll(env);
        return new JarProcess(pb.start(), err);
    }

    public Matcher awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                Matcher m = LISTENING.matcher(line);
                if (m.matches()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                reader.join(2000);
                throw new AssertionError("server exited with " + process.exitValue() + " before listening\nstdout:\n"
                        + stdout() + "\nstderr:\n" + stderr());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server did not print its address within " + START_TIMEOUT + "\nstdout:\n" + stdout()
                + "\nstderr:\n" + stderr());
    }

    /** Waits for a short-lived command to finish and returns its exit code, with all of stdout read. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("command did not finish within " + START_TIMEOUT + "\nstdout:\n" + stdout());
        }
        reader.join(5000);
        return process.exitValue();
    }

    public List<String> linesMatching(Pattern p) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    public String stdout() {
        return String.join("\n", lines);
    }

    public String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then wait; true when the process ended by itself within the timeout. */
    public boolean stop() throws InterruptedException {
        process.destroy();
        boolean ended = process.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return ended;
    }

    /** SIGKILL ({@code kill -9} on Linux: no shutdown hook, no last commit), then wait until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not die within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
        reader.join(2000);
    }
}
