package org.unsilo.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.unsilo.cli.Main;

/** Runs the {@code unsilo} command line in this JVM and captures what it prints. */
public final class CliRun {

    private CliRun() {
    }

    /** Exit code and output of one command. */
    public record Result(int exitCode, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }

        public String lastLine() {
            List<String> lines = outLines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        public List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Like {@link #run}, with {@code stdin} as standard input (for options such as --refresh-token-stdin). */
    public static synchronized Result runWithInput(String stdin, String... args) {
        java.io.InputStream oldIn = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(oldIn);
        }
    }

    /** System.out/err are process-wide, so runs are serialised. */
    public static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int code = Main.run(args);
            o.flush();
            e.flush();
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
