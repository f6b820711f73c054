package org.unsilo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The pieces every section of {@code bench/RESULTS.md} is made of, and appending a section to it. */
final class Report {

    static final String TABLE_HEADER = "| figure | Unsilo | baseline, same run | ratio | target | result |\n"
            + "|---|---:|---:|---:|---|---|\n";

    private Report() {
    }

    /** The dated heading a section starts with. */
    static String heading(Instant started) {
        return "## " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(started) + "\n\n";
    }

    /** The commit measured, as bench/run passes it. */
    static String commit() {
        return System.getProperty("bench.commit", "(unknown commit)");
    }

    static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    static String verdict(boolean pass) {
        return pass ? "**PASS**" : "**FAIL**";
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, "%.2f ms", v);
    }

    static String rate(double v, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", v, unit);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v * 100);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    /**
     * Appends {@code section} to the file named by {@code bench.results} (default {@code RESULTS.md} in
     * {@code benchDir}); {@code none} prints only.
     */
    static void append(Path benchDir, String section) throws IOException {
        String results = System.getProperty("bench.results", benchDir.resolve("RESULTS.md").toString());
        if (results.equals("none")) {
            System.out.println("bench.results=none: nothing appended");
            return;
        }
        Path file = Path.of(results);
        if (!Files.exists(file)) {
            Files.writeString(file, "# Benchmark results\n\nEach run of `bench/run` appends a section (see bench/README.md).\n");
        }
        Files.writeString(file, "\n" + section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        System.out.println("Appended to " + file);
    }
}
