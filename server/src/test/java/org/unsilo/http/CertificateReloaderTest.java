package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed certificate is served without a restart, and a half-renewed pair (new certificate, old key) never replaces
 * a working one: real TLS handshakes against the HTTPS connector, the files rewritten as a renewal tool does.
 */
class CertificateReloaderTest {

    @TempDir
    Path dir;

    @Test
    void aRenewedCertificateIsServedToNewConnectionsOnceBothFilesMatch() throws Exception {
        DevCertificate first = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());
        DevCertificate renewed = DevCertificate.create(List.of("localhost"), Duration.ofDays(90), Instant.now());
        Path cert = Files.writeString(dir.resolve("fullchain.pem"), first.certificatePem());
        Path key = Files.writeString(dir.resolve("privkey.pem"), first.privateKeyPem());
        SSLContext client = trusting(first, renewed);

        Server server = new Server();
        ServerConnector connector = ListeningSocket.open("127.0.0.1", 0).attach(HttpsConnector.create(server,
                new HttpConfiguration(), TlsKeys.load(cert, key), cert, key, Duration.ofMillis(100)));
        server.addConnector(connector);
        server.start();
        try {
            int port = connector.getLocalPort();
            assertThat(served(client, port)).isEqualTo(first.certificate());

            // The certificate is renewed first; its key is not there yet: the old pair stays in use.
            Files.writeString(cert, renewed.certificatePem());
            Thread.sleep(600);
            assertThat(served(client, port)).as("while the key is still the old one").isEqualTo(first.certificate());

            Files.writeString(key, renewed.privateKeyPem());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!served(client, port).equals(renewed.certificate()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(served(client, port)).isEqualTo(renewed.certificate());
        } finally {
            server.stop();
        }
    }

    private static X509Certificate served(SSLContext client, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static SSLContext trusting(DevCertificate... certificates) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            trust.setCertificateEntry("c" + i, certificates[i].certificate());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
