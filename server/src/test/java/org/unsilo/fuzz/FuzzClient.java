package org.unsilo.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.unsilo.testing.RawHttp;

/**
 * Sends fuzz requests to one server: over a shared keep-alive HTTP/1.1 client, or byte for byte over a socket when
 * the request is marked raw, has non-ASCII header values, or the HTTP client refuses to send it (illegal header
 * values, illegal URIs).
 */
final class FuzzClient {

    /** The answer: status 0 and {@code error} set when no HTTP response came back. */
    record Outcome(int status, String contentType, String body, String error) {
    }

    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    FuzzClient(int port) {
        this.port = port;
    }

    Outcome send(FuzzRequest req) {
        // The HTTP client would send non-ASCII header characters as '?', hiding them from the server.
        if (req.raw() || req.headers().values().stream().anyMatch(v -> v.chars().anyMatch(c -> c > 0x7e))) {
            return raw(req);
        }
        HttpRequest built;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + req.target()))
                    .timeout(Duration.ofSeconds(30))
                    .method(req.method(), req.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(req.body()));
            req.headers().forEach((k, v) -> {
                if (!RESTRICTED.contains(k.toLowerCase())) {
                    b.header(k, v);
                }
            });
            built = b.build();
        } catch (IllegalArgumentException e) {
            return raw(req);
        }
        try {
            HttpResponse<byte[]> r = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new Outcome(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    new String(r.body(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            // The server may close the connection after refusing a huge body; what it answered first still counts.
            return raw(req);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "", "", "interrupted");
        }
    }

    /** HTTP/1.1 written by hand: the request line, headers and body exactly as generated. */
    Outcome raw(FuzzRequest req) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((req.method() + " " + req.target() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n").getBytes(StandardCharsets.UTF_8));
        req.headers().forEach((k, v) -> head.writeBytes((k + ": " + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        byte[] body = req.body() == null ? new byte[0] : req.body();
        if (!req.headers().containsKey("Content-Length") && !req.headers().containsKey("Transfer-Encoding")) {
            head.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        head.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        try {
            return parse(RawHttp.exchange(port, List.of(head.toByteArray(), body)));
        } catch (RuntimeException e) {
            return new Outcome(0, "", "", e.toString());
        }
    }

    private static Outcome parse(byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Outcome(0, "", text, "no HTTP response (" + all.length + " bytes)");
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int end = text.indexOf("\r\n\r\n");
        String headers = end < 0 ? text : text.substring(0, end);
        String type = "";
        boolean chunked = false;
        for (String line : headers.split("\r\n")) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-type:")) {
                type = line.substring(13).trim();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        String body = end < 0 ? "" : new String(all, end + 4, all.length - end - 4, StandardCharsets.UTF_8);
        return new Outcome(status, type, chunked ? dechunk(body) : body, null);
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            // Sizes count bytes; the problem bodies are ASCII-safe JSON, so characters will do here.
            out.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
