package org.unsilo.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A deliberately small closed-loop HTTP/1.1 load generator: {@code clients} threads, each with one keep-alive
 * connection to 127.0.0.1, take request numbers from a shared counter until {@code total} have been sent, and
 * record every request's latency (write of the request to the last byte of the response). No other host can
 * be targeted: the address is fixed to the loopback interface.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    /** The figures of one load phase. Latencies are sorted, in nanoseconds. */
    public record Result(String label, int clients, int requests, int errors, Map<Integer, Integer> statuses, long wallNanos,
                         long[] latencies, double serverCpuMicrosPerRequest) {

        public Result(String label, int clients, int requests, int errors, Map<Integer, Integer> statuses, long wallNanos,
                      long[] latencies) {
            this(label, clients, requests, errors, statuses, wallNanos, latencies, Double.NaN);
        }

        /** This result with the server's CPU time (user + system) spent over the phase, per request. */
        public Result withServerCpu(long cpuMillis) {
            return new Result(label, clients, requests, errors, statuses, wallNanos, latencies, cpuMillis * 1000.0 / requests);
        }

        public double perSecond() {
            return requests / (wallNanos / 1e9);
        }

        public double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, idx))] / 1e6;
        }

        public double maxMs() {
            return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
        }

        public int count2xx() {
            return statuses.entrySet().stream().filter(e -> e.getKey() >= 200 && e.getKey() < 300).mapToInt(Map.Entry::getValue).sum();
        }

        public String line() {
            return String.format(Locale.ROOT, "%-34s clients %3d  requests %,7d  errors %d  %,9.0f req/s  p50 %6.2f ms  p95 %6.2f ms"
                            + "  p99 %6.2f ms  max %7.2f ms  %s statuses %s",
                    label, clients, requests, errors, perSecond(), percentileMs(50), percentileMs(95), percentileMs(99), maxMs(),
                    Double.isNaN(serverCpuMicrosPerRequest) ? "" : String.format(Locale.ROOT, "server CPU %,6.0f us/req ",
                            serverCpuMicrosPerRequest), statuses);
        }
    }

    /**
     * Sends {@code total} requests over {@code clients} connections; {@code request.apply(i)} gives the raw bytes of
     * request number {@code i}. A request counts as an error when the connection fails or the status is not 2xx.
     */
    public static Result run(String label, int clients, int port, int total, IntFunction<byte[]> request) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[total];
        int[][] statusCounts = new int[clients][600];
        int[] errors = new int[clients];
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            final int worker = w;
            Thread t = new Thread(() -> {
                Connection conn = new Connection(port);
                try {
                    conn.connectQuietly();
                    ready.countDown();
                    go.await();
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        byte[] bytes = request.apply(i);
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = conn.send(bytes);
                        } catch (IOException e) {
                            status = 0;
                        }
                        latencies[i] = System.nanoTime() - t0;
                        statusCounts[worker][Math.min(status, 599)]++;
                        if (status < 200 || status >= 300) {
                            errors[worker]++;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    conn.close();
                    done.countDown();
                }
            }, "load-" + label + "-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        done.await();
        long wall = System.nanoTime() - start;
        Map<Integer, Integer> statuses = new TreeMap<>();
        int errorCount = 0;
        for (int w = 0; w < clients; w++) {
            errorCount += errors[w];
            for (int s = 0; s < 600; s++) {
                if (statusCounts[w][s] > 0) {
                    statuses.merge(s, statusCounts[w][s], Integer::sum);
                }
            }
        }
        Arrays.sort(latencies);
        return new Result(label, clients, total, errorCount, statuses, wall, latencies);
    }

    /** The bytes of one HTTP/1.1 request to 127.0.0.1. */
    public static byte[] request(String method, String path, int port, String bearer, byte[] jsonBody) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
        sb.append("Accept: application/json\r\n");
        if (bearer != null) {
            sb.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (jsonBody != null) {
            sb.append("Content-Type: application/json\r\n");
            sb.append("Content-Length: ").append(jsonBody.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (jsonBody == null) {
            return head;
        }
        byte[] all = Arrays.copyOf(head, head.length + jsonBody.length);
        System.arraycopy(jsonBody, 0, all, head.length, jsonBody.length);
        return all;
    }

    /** One keep-alive connection; reconnects after a failure or a {@code Connection: close}. */
    public static final class Connection implements AutoCloseable {
        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        private final StringBuilder line = new StringBuilder(256);

        public Connection(int port) {
            this.port = port;
        }

        void connectQuietly() {
            try {
                connect();
            } catch (IOException e) {
                close();
            }
        }

        private void connect() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        /** Sends one request and reads the whole response; returns the status code. */
        public int send(byte[] request) throws IOException {
            if (socket == null) {
                connect();
            }
            try {
                out.write(request);
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        /** The body of the last response. */
        public String lastBody() {
            return body.toString(StandardCharsets.UTF_8);
        }

        private int readResponse() throws IOException {
            String status = readLine();
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String h;
            while (!(h = readLine()).isEmpty()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            body.reset();
            if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
                length = 0;
            }
            if (chunked) {
                while (true) {
                    String size = readLine();
                    int semi = size.indexOf(';');
                    long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                    if (n == 0) {
                        while (!readLine().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    copy(n);
                    readLine();
                }
            } else if (length >= 0) {
                copy(length);
            } else {
                in.transferTo(body);
                close = true;
            }
            if (close) {
                close();
            }
            return code;
        }

        private void copy(long n) throws IOException {
            byte[] buf = new byte[8192];
            long left = n;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new EOFException("connection closed in a response body");
                }
                body.write(buf, 0, r);
                left -= r;
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new EOFException("connection closed");
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }
}
