package org.unsilo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.config.ConfigLoader;
import org.unsilo.http.TlsKeys;
import org.unsilo.testing.CliRun;

/** {@code unsilo dev-cert}: a certificate to sideload the add-ins with, as a developer or a trying admin runs it. */
class DevCertCommandTest {

    @TempDir
    Path dataDir;

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void makesACertificateForThisMachineThatTheServerAccepts() throws Exception {
        CliRun.Result r = CliRun.run("dev-cert", "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        Path cert = dataDir.resolve("tls/cert.pem");
        Path key = dataDir.resolve("tls/key.pem");
        assertThat(r.out()).contains(cert.toString(), key.toString(), ConfigLoader.TLS_CERT + "=" + cert,
                ConfigLoader.TLS_KEY + "=" + key, "https://localhost:8443", "certutil", "security add-trusted-cert");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(dataDir.resolve("tls")).isDirectoryNotContaining("glob:**.tmp");

        X509Certificate x509 = read(cert);
        assertThat(x509.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactly((Object) "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(x509.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(x509.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(x509.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(364)),
                Instant.now().plus(Duration.ofDays(366)));
        assertThat(r.out()).contains(HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(x509.getEncoded())));
        assertThat(TlsKeys.load(cert, key).certificate()).isEqualTo(x509);
    }

    @Test
    void keepsAnEarlierCertificateUnlessForced() throws Exception {
        Path out = dataDir.resolve("certs");
        assertThat(CliRun.run("dev-cert", "--out", out.toString(), "--host", "crm.test", "--host", "10.0.0.5", "--days", "30")
                .exitCode()).isZero();
        X509Certificate first = read(out.resolve("cert.pem"));
        assertThat(first.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1)).containsExactly((Object) "crm.test", "10.0.0.5");

        CliRun.Result again = CliRun.run("dev-cert", "--out", out.toString());
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.errLines()).singleElement().asString().startsWith("error: ").contains("already holds a certificate", "--force");
        assertThat(read(out.resolve("cert.pem"))).isEqualTo(first);

        assertThat(CliRun.run("dev-cert", "--out", out.toString(), "--force").exitCode()).isZero();
        assertThat(read(out.resolve("cert.pem"))).isNotEqualTo(first);
    }

    @Test
    void refusesHostsAndLifetimesItCannotCertify() {
        for (List<String> args : List.of(List.of("--host", "not a host"), List.of("--host", "-x.example"), List.of("--days", "0"),
                List.of("--days", "4000"))) {
            List<String> all = new ArrayList<>(List.of("dev-cert", "--out", dataDir.resolve("x").toString()));
            all.addAll(args);
            CliRun.Result r = CliRun.run(all.toArray(String[]::new));
            assertThat(r.exitCode()).as("%s", args).isNotZero();
            assertThat(r.errLines()).as("%s", args).singleElement().asString().startsWith("error: ");
            assertThat(dataDir.resolve("x")).as("%s: nothing written", args).doesNotExist();
        }
    }
}
