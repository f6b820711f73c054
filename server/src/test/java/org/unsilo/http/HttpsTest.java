package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.config.ConfigException;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestServer;

/** Direct HTTPS with PEM files (DESIGN.md §3): no reverse proxy in front, as when sideloading the add-ins. */
class HttpsTest {

    @TempDir
    Path dir;

    private static HttpClient trusting(DevCertificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("unsilo", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static DevCertificate localCertificate() throws Exception {
        return DevCertificate.create(List.of("localhost", "127.0.0.1"), Duration.ofDays(1), Instant.now());
    }

    private Map<String, String> tlsSettings(DevCertificate cert) throws IOException {
        return Map.of(ConfigLoader.TLS_CERT, Files.writeString(dir.resolve("cert.pem"), cert.certificatePem()).toString(),
                ConfigLoader.TLS_KEY, Files.writeString(dir.resolve("key.pem"), cert.privateKeyPem()).toString());
    }

    @Test
    void theServerAnswersOverHttpsOnlyAndKnowsItIsSecure() throws Exception {
        DevCertificate cert = localCertificate();
        try (TestServer server = TestServer.start(tlsSettings(cert))) {
            int port = server.app().port();
            assertThat(server.app().config().baseUrl()).isEqualTo("https://127.0.0.1:" + port);
            HttpClient client = trusting(cert);
            for (String host : List.of("localhost", "127.0.0.1")) {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + port + "/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(host).isEqualTo(200);
                // Only a request that came over HTTPS is told to stay on it.
                assertThat(ready.headers().firstValue("Strict-Transport-Security")).as(host).hasValue("max-age=31536000");
            }
            HttpResponse<String> me = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/me"))
                    .header("Authorization", "Bearer " + server.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("admin@unsilo.test");
            // Started with the server: it serves renewed certificate files without a restart (CertificateReloaderTest).
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("unsilo-tls-reload");

            // A client that does not trust the certificate gets no answer.
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/ready")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void plainHttpOnTheHttpsPortIsSentToHttpsAndNeverServed() throws Exception {
        DevCertificate cert = localCertificate();
        try (TestServer server = TestServer.start(tlsSettings(cert))) {
            int port = server.app().port();
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> typed = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/contacts?q=a%20b"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(typed.statusCode()).isEqualTo(308);
            assertThat(typed.headers().firstValue("Location")).hasValue("https://127.0.0.1:" + port + "/contacts?q=a%20b");
            assertThat(typed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(typed.body()).contains("HTTPS only");
            assertThat(typed.headers().firstValue("Strict-Transport-Security")).as("HSTS only over HTTPS").isEmpty();
            assertThat(typed.headers().firstValue("X-Content-Type-Options")).as("the headers every answer gets").hasValue("nosniff");

            // An API call over plain HTTP is redirected before anything reads it: nothing is stored.
            int messages = messageCount(server);
            HttpResponse<String> capture = plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/captures"))
                    .header("Authorization", "Bearer " + server.adminToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"over plain HTTP\"}"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(capture.statusCode()).isEqualTo(308);
            assertThat(capture.headers().firstValue("Location")).hasValue("https://localhost:" + port + "/api/v1/captures");
            assertThat(messageCount(server)).isEqualTo(messages);

            // The same port still speaks TLS.
            HttpResponse<String> ready = trusting(cert).send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
        }
    }

    private static int messageCount(TestServer server) {
        return server.app().db().read(h -> h.createQuery("SELECT COUNT(*) FROM message").mapTo(Integer.class).one());
    }

    @Test
    void aCertificateWithTheWrongKeyStopsTheStartBeforeAnythingListens() throws Exception {
        DevCertificate one = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());
        DevCertificate two = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());
        Map<String, String> settings = Map.of(
                ConfigLoader.TLS_CERT, Files.writeString(dir.resolve("one.pem"), one.certificatePem()).toString(),
                ConfigLoader.TLS_KEY, Files.writeString(dir.resolve("two-key.pem"), two.privateKeyPem()).toString());

        assertThatThrownBy(() -> TestServer.start(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not the private key of the certificate");
    }

    @Test
    void halfATlsSettingIsAConfigurationError() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.TLS_CERT, "/etc/cert.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_TLS_KEY is not");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.TLS_KEY, "/etc/key.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_TLS_CERT is not");
        assertThat(new ConfigLoader(Map.of()).load(null, Map.of()).tls().enabled()).isFalse();
        assertThat(new ConfigLoader(Map.of()).load(null, Map.of()).baseUrl()).startsWith("http://");
    }
}
