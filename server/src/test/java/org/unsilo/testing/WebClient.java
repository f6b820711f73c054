package org.unsilo.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without JavaScript for the web view's HTTP-level tests: keeps cookies, does not follow redirects (so a
 * test sees the 303 to the sign-in page), posts forms, and reads the CSRF token and the one-time form key from the last
 * page.
 */
public final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private static final Pattern FORM_KEY = Pattern.compile("name=\"_once\" value=\"([^\"]*)\"");

    private final String base;
    private final HttpClient http;
    private String csrf;
    private String formKey;

    public WebClient(String baseUrl) {
        this(baseUrl, HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    private WebClient(String baseUrl, HttpClient http) {
        this.base = baseUrl;
        this.http = http;
    }

    /**
     * This browser (its cookies and the last page's tokens) sending its next requests to another server of the same
     * site, as a load balancer may: the cookie jar does not tell ports of one host apart.
     */
    public WebClient at(String otherBaseUrl) {
        WebClient other = new WebClient(otherBaseUrl, http);
        other.csrf = csrf;
        other.formKey = formKey;
        return other;
    }

    /** A browser signed in through the sign-in form (which must accept the password). */
    public static WebClient signedIn(String baseUrl, String email, String password) {
        WebClient c = new WebClient(baseUrl);
        Page p = c.login(email, password);
        if (p.status() != 303) {
            throw new AssertionError("sign-in of " + email + " answered " + p.status() + ": " + p.body());
        }
        return c;
    }

    public record Page(int status, String body, String location, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public Page get(String path) {
        return get(path, Map.of());
    }

    /** A GET with these request headers too (Accept, Referer, ...). */
    public Page get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        headers.forEach(request::header);
        Page p = send(request);
        Matcher m = CSRF.matcher(p.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        Matcher key = FORM_KEY.matcher(p.body());
        if (key.find()) {
            formKey = key.group(1);
        }
        return p;
    }

    /**
     * Posts a form with the CSRF token and the one-time form key of the last page read (unless the fields name them):
     * posting twice after one read is a browser sending the same form again.
     */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>();
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        if (formKey != null) {
            all.put("_once", formKey);
        }
        all.putAll(fields);
        return postRaw(path, all);
    }

    /** Posts one field with several values (checkbox lists, hidden id lists), with the CSRF token of the last page. */
    public Page postAll(String path, String field, List<String> values) {
        return postAll(path, Map.of(), field, values);
    }

    /** {@link #post} of {@code fields}, plus {@code field} once for each of {@code values}. */
    public Page postAll(String path, Map<String, String> fields, String field, List<String> values) {
        String body = (csrf == null ? "" : "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8))
                + fields.entrySet().stream().map(e -> "&" + URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining())
                + values.stream().map(v -> "&" + URLEncoder.encode(field, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(v, StandardCharsets.UTF_8)).collect(Collectors.joining());
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts exactly these fields (no CSRF token added). */
    public Page postRaw(String path, Map<String, String> fields) {
        return postRaw(path, fields, Map.of());
    }

    /** Posts exactly these fields, with these request headers too. */
    public Page postRaw(String path, Map<String, String> fields, Map<String, String> headers) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Signs in through the sign-in form; returns the answer to the form post (303 on success). */
    public Page login(String email, String password) {
        get("/login");
        return post("/login", Map.of("email", email, "password", password));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.body(), r.headers().firstValue("Location").orElse(null), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
