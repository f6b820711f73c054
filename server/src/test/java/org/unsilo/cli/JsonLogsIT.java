package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.testing.JarProcess;

/**
 * {@code UNSILO_LOG_FORMAT=json} on the packaged jar (issue 9): every line the server logs is one JSON object, request
 * lines carry method, route, status, duration and user id as fields, and no secret used during the run (API token,
 * web password, session and sign-in cookies, a token put in a query string) appears anywhere in the log.
 */
class JsonLogsIT {

    private static final Pattern PASSWORD_LINE = Pattern.compile("^ {4}([A-Za-z0-9_-]{20})$");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void jsonLinesWithRequestFieldsAndNoSecrets() throws Exception {
        List<String> secrets = new ArrayList<>();
        String stderr;
        try (JarProcess server = JarProcess.start(work, Map.of("UNSILO_LOG_FORMAT", "json"),
                "serve", "--port", "0", "--data-dir", work.resolve("data").toString())) {
            String base = "http://127.0.0.1:" + server.awaitListening().group(2);
            String token = only(server, JarProcess.TOKEN_LINE);
            String password = only(server, PASSWORD_LINE);
            secrets.addAll(List.of(token, password));

            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me")).header("Authorization", "Bearer " + token))
                    .statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me?access_token=" + token))
                    .header("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me"))
                    .header("Authorization", "Bearer uns_wrongwrongwrongwrongwrong")).statusCode()).isEqualTo(401);

            HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base + "/login")));
            String loginCookie = cookie(form, "unsilo_login");
            Matcher csrf = CSRF.matcher(form.body());
            assertThat(csrf.find()).as(form.body()).isTrue();
            String body = "email=" + URLEncoder.encode("admin@unsilo.local", StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1) + "&next=/";
            HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "unsilo_login=" + loginCookie)
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
            String session = cookie(login, "unsilo_session");
            secrets.addAll(List.of(loginCookie, csrf.group(1), session));
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/contacts")).header("Cookie", "unsilo_session=" + session))
                    .statusCode()).isEqualTo(200);
            assertThat(server.stop()).as("stops on SIGTERM").isTrue();
            stderr = server.stderr();
        }

        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("level").asText()).as(line).isNotEmpty();
            assertThat(event.path("timestamp").isNumber()).as(line).isTrue();
            events.add(event);
        }
        List<Map<String, String>> requests = events.stream()
                .filter(e -> e.path("loggerName").asText().equals("org.unsilo.http.RequestLog")).map(JsonLogsIT::fields).toList();
        assertThat(requests).as("request lines in:%n%s", String.join("\n", lines)).hasSizeGreaterThanOrEqualTo(6);
        assertThat(requests).allSatisfy(r -> assertThat(r).containsKeys("method", "route", "status", "durationMs"));
        assertThat(requests).anySatisfy(r -> assertThat(r).containsEntry("method", "GET").containsEntry("route", "/api/v1/me")
                .containsEntry("status", "200").containsEntry("userId", "1"));
        assertThat(requests).anySatisfy(r -> assertThat(r).containsEntry("path", "/contacts").containsEntry("userId", "1"));
        assertThat(requests).anySatisfy(r -> assertThat(r).containsEntry("status", "401").doesNotContainKey("userId"));
        String log = String.join("\n", lines);
        for (String secret : secrets) {
            assertThat(log).as("the log holds a secret used in the run").doesNotContain(secret);
        }
    }

    /** The key-value pairs of a request line ({@code "kvpList": [{"method": "GET"}, ...]}) as one map. */
    private static Map<String, String> fields(JsonNode event) {
        Map<String, String> out = new HashMap<>();
        event.path("kvpList").forEach(pair -> pair.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText())));
        return out;
    }

    private static String only(JarProcess server, Pattern pattern) {
        List<String> found = server.linesMatching(pattern);
        assertThat(found).as("in stdout: %s", server.stdout()).hasSize(1);
        return found.get(0);
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).filter(v -> !v.isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + response.headers().map()));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
