package org.unsilo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark runs on and how busy it is: every results section records both. */
final class Machine {

    private Machine() {
    }

    /** Cores, memory, CPU, JDK and OS of this machine. */
    static String describe() {
        String cpu = grep(Path.of("/proc/cpuinfo"), "model name");
        String mem = grep(Path.of("/proc/meminfo"), "MemTotal");
        String memText = mem == null ? "? RAM" : String.format(Locale.ROOT, "%.1f GiB RAM",
                Long.parseLong(mem.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
        String os = grep(Path.of("/etc/os-release"), "PRETTY_NAME");
        os = os == null ? System.getProperty("os.name") : os.replace("\"", "");
        return Runtime.getRuntime().availableProcessors() + " cores (" + (cpu == null ? "unknown CPU" : cpu) + "), " + memText
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", " + os
                + " (" + System.getProperty("os.name") + " " + System.getProperty("os.version") + ")";
    }

    /** The 1/5/15-minute load averages. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "(unknown)";
        }
    }

    /** Waits up to {@code seconds} for the 1-minute load average to drop below 0.5; returns the load average then. */
    static String waitForQuiet(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String load = loadAverage();
        while (seconds > 0 && System.nanoTime() < deadline) {
            load = loadAverage();
            double one;
            try {
                one = Double.parseDouble(load.split(" ")[0]);
            } catch (NumberFormatException e) {
                break;
            }
            if (one < 0.5) {
                break;
            }
            System.out.println("Waiting for a quiet machine (load average " + load + ")...");
            Thread.sleep(15_000);
        }
        return load;
    }

    private static String grep(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    int sep = line.indexOf(line.contains(":") ? ':' : '=');
                    return line.substring(sep + 1).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
