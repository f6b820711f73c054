package org.unsilo.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser, as far as the page benchmark needs one: cookies, the sign-in form, the CSRF token of the last
 * page read, no redirects followed. HTTP/1.1 to 127.0.0.1 only.
 */
final class WebSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private static final Pattern SERVER_TIMING = Pattern.compile("(?:^|,)\\s*app;dur=([0-9.]+)");
    private static final Pattern SERVER_CPU = Pattern.compile("(?:^|,)\\s*cpu;dur=([0-9.]+)");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String csrf;

    WebSession(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * One answer: status, body, the server's own time and its request thread's CPU time ({@code Server-Timing: app, cpu})
     * and the time this client saw.
     */
    record Answer(int status, String body, String location, OptionalDouble serverMs, OptionalDouble cpuMs, double clientMs,
                  long bytes) {
    }

    Answer get(String path) throws IOException, InterruptedException {
        Answer a = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        Matcher m = CSRF.matcher(a.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return a;
    }

    /** Posts a form with the CSRF token of the last page read. */
    Answer post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>();
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        all.putAll(fields);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Signs in through the sign-in form, as a person does; fails loudly when the server refuses. */
    void signIn(String email, String password) throws IOException, InterruptedException {
        get("/login");
        Answer a = post("/login", Map.of("email", email, "password", password));
        if (a.status() != 303) {
            throw new IllegalStateException("signing in as " + email + " answered " + a.status() + " instead of 303");
        }
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray());
        double clientMs = (System.nanoTime() - t0) / 1e6;
        String timing = r.headers().firstValue("Server-Timing").orElse("");
        return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r.headers().firstValue("Location").orElse(null),
                metric(SERVER_TIMING, timing), metric(SERVER_CPU, timing), clientMs, r.body().length);
    }

    private static OptionalDouble metric(Pattern p, String header) {
        Matcher m = p.matcher(header);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
