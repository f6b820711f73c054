package org.unsilo.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server JVM started by the benchmark (and only ever stopped by it, by its own process handle). */
final class ServerProcess implements AutoCloseable {

    /**
     * The same JVM options for the Unsilo server and the baseline server: a heap with room for the lookup cache of
     * 100k contacts (BenchMain's {@code bench.lookupCacheMb}).
     */
    static final List<String> SERVER_JVM_OPTIONS = List.of("-Xms3g", "-Xmx3g");

    private final String name;
    private final Process process;
    private final Path log;
    final int port;

    private ServerProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code args} (after {@code java} and the JVM options) and waits until {@code GET /health} answers 200. */
    static ServerProcess start(String name, List<String> args, Map<String, String> env, Path log, int port) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.addAll(SERVER_JVM_OPTIONS);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("UNSILO_"));
        pb.environment().putAll(env);
        // 50-64 clients on one token would hit the request rate limits, which are not what the benchmark measures.
        pb.environment().putIfAbsent("UNSILO_RATE_LIMIT_PER_TOKEN", "0");
        pb.environment().putIfAbsent("UNSILO_RATE_LIMIT_PER_IP", "0");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        ServerProcess sp = new ServerProcess(name, p, log, port);
        Runtime.getRuntime().addShutdownHook(new Thread(sp::close));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        byte[] health = HttpLoad.request("GET", "/health", port, null, null);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + "; log " + log + ":\n" + tail(log));
            }
            try (HttpLoad.Connection c = new HttpLoad.Connection(port)) {
                if (c.send(health) == 200) {
                    return sp;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        sp.close();
        throw new IllegalStateException(name + " did not become healthy within 120 s; log " + log + ":\n" + tail(log));
    }

    long pid() {
        return process.pid();
    }

    /** CPU time (user + system) the server process has used so far, in milliseconds; -1 where /proc is missing. */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime), counted from the state field (3) here; clock ticks of 10 ms
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ")";
    }
}
