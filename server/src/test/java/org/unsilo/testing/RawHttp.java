package org.unsilo.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 exchange written byte for byte on a plain socket, for requests no HTTP client would send (broken
 * framing, raw bytes in headers, bodies past the size limit). The answer is read while the request is still being
 * written: a server that refuses a large body answers and closes before the body ends, which a client that writes
 * everything first (Java's) reports as a broken pipe instead of the answer, depending on timing.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** Jetty's default input buffer (HttpConfiguration.inputBufferSize). */
    private static final int SERVER_READ_BUFFER = 8192;

    /** Writes {@code parts} one after the other and returns everything the server sent until it closed. */
    public static byte[] exchange(int port, List<byte[]> parts) {
        int total = parts.stream().mapToInt(p -> p.length).sum();
        if (parts.size() > 1 && total <= SERVER_READ_BUFFER) {
            // A request that fits the server's read buffer goes in one write, so the server has read all of it when it
            // refuses it at the headers: bytes still arriving after it closed made the kernel reset the connection,
            // which now and then threw the answer away before it was read (ApiFuzzTest, seed 8409756108113586261).
            ByteArrayOutputStream whole = new ByteArrayOutputStream(total);
            parts.forEach(whole::writeBytes);
            parts = List.of(whole.toByteArray());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> readUntilClosed(in));
            OutputStream out = socket.getOutputStream();
            try {
                for (byte[] part : parts) {
                    out.write(part);
                }
                out.flush();
            } catch (IOException e) {
                // The server stopped reading: expected once it has refused the request.
            }
            return answer.get(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("no answer from 127.0.0.1:" + port, e);
        }
    }

    /** {@link #exchange} of text parts, the answer as ISO-8859-1 text (bytes kept one for one). */
    public static String exchange(int port, String... parts) {
        return new String(exchange(port, java.util.Arrays.stream(parts)
                .map(p -> p.getBytes(StandardCharsets.UTF_8)).toList()), StandardCharsets.ISO_8859_1);
    }

    private static byte[] readUntilClosed(InputStream in) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // A reset after the answer: what was read is the answer.
        }
        return read.toByteArray();
    }
}
