package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.JarProcess;

/**
 * The packaged fat jar as a user starts it: {@code java -jar unsilo.jar serve} in its own process, talked
 * to over HTTP. Runs in the {@code integration-test} phase, after the shade plugin has built the jar.
 */
class ServeJarIT {

    private static final Pattern PASSWORD_LINE = Pattern.compile("^ {4}([A-Za-z0-9_-]{20})$");
    private static final Pattern TOKEN_LINE = JarProcess.TOKEN_LINE;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;


    @Test
    void firstStartCreatesAnAdminWhoseTokenWorksAndSecondStartCreatesNone() throws Exception {
        Path dataDir = work.resolve("my data");
        String token;
        try (JarProcess first = JarProcess.start(work, "serve", "--port", "0", "--data-dir", dataDir.toString())) {
            Matcher listening = first.awaitListening();
            int port = Integer.parseInt(listening.group(2));
            assertThat(port).as("printed port is the bound one, not the requested 0").isBetween(1, 65535);
            assertThat(listening.group(1)).isEqualTo("127.0.0.1");
            assertThat(listening.group(3)).as("public URL names the real port").isEqualTo("http://127.0.0.1:" + port);
            assertThat(listening.group(4)).isEqualTo("jdbc:sqlite:" + dataDir.resolve("unsilo.db"));

            List<String> tokens = first.linesMatching(TOKEN_LINE);
            assertThat(tokens).as("one first-start token in stdout:%n%s", first.stdout()).hasSize(1);
            token = tokens.get(0);
            List<String> passwords = first.linesMatching(PASSWORD_LINE);
            assertThat(passwords).as("one first-start web password in stdout:%n%s", first.stdout()).hasSize(1);
            assertThat(first.stdout()).contains("created admin account admin@unsilo.local")
                    .contains("curl -H 'Authorization: Bearer " + token + "' http://127.0.0.1:" + port + "/api/v1/me");

            String base = "http://127.0.0.1:" + port;
            assertThat(get(base + "/health", null).statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(base + "/ready", null);
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(json(ready).path("database").asText()).isEqualTo("sqlite");

            HttpResponse<String> me = get(base + "/api/v1/me", token);
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(me.body()).contains("admin@unsilo.local");

            org.unsilo.testing.WebClient browser = new org.unsilo.testing.WebClient(base);
            org.unsilo.testing.WebClient.Page signedIn = browser.login("admin@unsilo.local", passwords.get(0));
            assertThat(signedIn.status()).as("the printed password signs in: %s", signedIn.body()).isEqualTo(303);
            assertThat(browser.get("/").body()).contains("Dashboard");
            assertThat(browser.get("/admin/manifests").body()).as("pages name the port bound, not the 0 asked for")
                    .contains("unsilo manifest outlook --base-url " + base + " --out deploy/outlook");

            HttpResponse<String> anonymous = get(base + "/api/v1/me", null);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

            assertThat(first.stop()).as("the server stops on SIGTERM").isTrue();
        }
        assertThat(dataDir.resolve("unsilo.db")).isRegularFile();

        try (JarProcess second = JarProcess.start(work, "serve", "--port", "0", "--data-dir", dataDir.toString())) {
            int port = Integer.parseInt(second.awaitListening().group(2));
            assertThat(second.stdout()).doesNotContain("uns_").doesNotContain("First start");

            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> me = get(base + "/api/v1/me", token);
            assertThat(me.statusCode()).as("the first start's token still works: %s", me.body()).isEqualTo(200);
            HttpResponse<String> stats = get(base + "/api/v1/admin/stats", token);
            assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
            assertThat(json(stats).path("users").asLong()).as("no second admin").isEqualTo(1);
            assertThat(second.stop()).isTrue();
        }
    }

    @Test
    void servesHttpsWithTheCertificateDevCertMade() throws Exception {
        Path dataDir = work.resolve("data");
        try (JarProcess cert = JarProcess.start(work, "dev-cert", "--data-dir", dataDir.toString())) {
            assertThat(cert.awaitExit()).as(cert.stderr()).isZero();
        }
        Path certFile = dataDir.resolve("tls/cert.pem");
        Map<String, String> env = Map.of(ConfigLoader.TLS_CERT, certFile.toString(),
                ConfigLoader.TLS_KEY, dataDir.resolve("tls/key.pem").toString());
        try (JarProcess s = JarProcess.start(work, env, "serve", "--port", "0", "--data-dir", dataDir.toString())) {
            Matcher listening = s.awaitListening();
            assertThat(s.stdout()).contains("Unsilo is listening on https://");
            int port = Integer.parseInt(listening.group(2));
            assertThat(listening.group(3)).isEqualTo("https://127.0.0.1:" + port);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(certFile)) {
                trust.setCertificateEntry("dev", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> ready = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(s.stop()).isTrue();
        }
    }

    @Test
    void serveDemoFillsAnEmptyDatabaseOnceAndSignsInItsAdmin() throws Exception {
        Path dataDir = work.resolve("data");
        String token;
        try (JarProcess s = JarProcess.start(work, "serve", "--demo", "--port", "0", "--data-dir", dataDir.toString())) {
            int port = Integer.parseInt(s.awaitListening().group(2));
            // The server listens first and fills the database after; the demo's token is the last line it prints.
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (s.stdout().lines().noneMatch(l -> l.startsWith("uns_")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(s.stdout()).contains("Filling the empty database with demo data", "Generated 20 staff")
                    .doesNotContain("First start");
            token = s.stdout().lines().filter(l -> l.startsWith("uns_")).reduce((a, b) -> b).orElseThrow();
            HttpResponse<String> stats = get("http://127.0.0.1:" + port + "/api/v1/admin/stats", token);
            assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
            assertThat(json(stats).path("users").asLong()).isEqualTo(20);
            assertThat(json(stats).path("messages").asLong()).isPositive();
            assertThat(s.stop()).isTrue();
        }
        try (JarProcess again = JarProcess.start(work, "serve", "--demo", "--port", "0", "--data-dir", dataDir.toString())) {
            int port = Integer.parseInt(again.awaitListening().group(2));
            assertThat(again.stdout()).contains("no demo data added").doesNotContain("Generated");
            assertThat(json(get("http://127.0.0.1:" + port + "/api/v1/admin/stats", token)).path("users").asLong()).isEqualTo(20);
            assertThat(again.stop()).isTrue();
        }
    }

    @Test
    void withoutDataDirTheDatabaseGoesToDataInTheWorkingDirectory() throws Exception {
        try (JarProcess s = JarProcess.start(work, "serve", "--port", "0")) {
            Matcher listening = s.awaitListening();
            assertThat(listening.group(4)).isEqualTo("jdbc:sqlite:" + work.toRealPath().resolve("data").resolve("unsilo.db"));
            assertThat(get("http://127.0.0.1:" + listening.group(2) + "/ready", null).statusCode()).isEqualTo(200);
            assertThat(s.stop()).isTrue();
        }
        assertThat(work.resolve("data").resolve("unsilo.db")).isRegularFile();
    }

    @Test
    void portInUseIsAOneLineErrorAndCreatesNoAdmin() throws Exception {
        Path dataDir = work.resolve("data");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             JarProcess s = JarProcess.start(work, "serve", "--port", Integer.toString(taken.getLocalPort()),
                     "--data-dir", dataDir.toString())) {
            assertThat(s.awaitExit()).isEqualTo(2);
            assertThat(s.stderr().lines().filter(l -> !l.isBlank())).as("only our line, no log line of Javalin's")
                    .containsExactly("error: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": another program is"
                            + " using port " + taken.getLocalPort() + "; choose another with --port or UNSILO_PORT");
            assertThat(s.stdout()).doesNotContain("uns_");
        }
        assertThat(dataDir.resolve("unsilo.db")).as("nothing written: the next successful start must still create the admin")
                .doesNotExist();
    }

    @Test
    void jarNamesItsVersionAndListsItsCommands() throws Exception {
        try (JarProcess s = JarProcess.start(work, "--version")) {
            assertThat(s.awaitExit()).isZero();
            assertThat(s.stdout()).isEqualTo("unsilo " + System.getProperty("unsilo.version", "?"));
        }
        try (JarProcess s = JarProcess.start(work, "--help")) {
            assertThat(s.awaitExit()).isZero();
            assertThat(s.stdout()).contains("serve", "users", "token", "rebuild-relationships");
        }
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }
}
