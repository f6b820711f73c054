package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unsilo.config.ConfigException;

/** The PEM files an admin gives the server for direct HTTPS, in the forms openssl, certbot and CAs write them. */
class TlsKeysTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static PrivateKey keyOf(DevCertificate cert) throws IOException {
        try (PEMParser parser = new PEMParser(new java.io.StringReader(cert.privateKeyPem()))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }

    /** "EC PRIVATE KEY" with its curve inside, as {@code openssl ecparam -genkey} writes it. */
    private static String sec1Pem(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        return DevCertificate.pem(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
    }

    @Test
    void aDevelopmentCertificateAndItsPkcs8KeyMakeAKeyStoreEntry() throws Exception {
        DevCertificate cert = DevCertificate.create(List.of("localhost", "127.0.0.1"), Duration.ofDays(30), Instant.now());
        assertThat(cert.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");

        TlsKeys.Loaded loaded = TlsKeys.load(write("cert.pem", cert.certificatePem()), write("key.pem", cert.privateKeyPem()));

        assertThat(loaded.certificate()).isEqualTo(cert.certificate());
        assertThat(loaded.keyStore().getCertificateChain("unsilo")).containsExactly(cert.certificate());
        assertThat(loaded.keyStore().getKey("unsilo", loaded.password().toCharArray())).isEqualTo(keyOf(cert));
        assertThat(loaded.password()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void traditionalRsaAndEcKeysAsOpensslWritesThemAreRead() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        DevCertificate rsaCert = DevCertificate.create(pair, "SHA256withRSA", List.of("crm.example.com"), Duration.ofDays(90),
                Instant.now());
        String pkcs1 = DevCertificate.pem(pair.getPrivate());
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(TlsKeys.load(write("rsa.pem", rsaCert.certificatePem()), write("rsa-key.pem", pkcs1)).certificate())
                .isEqualTo(rsaCert.certificate());

        DevCertificate ec = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());
        String sec1 = sec1Pem(keyOf(ec));
        assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(TlsKeys.load(write("ec.pem", ec.certificatePem()), write("ec-key.pem", sec1)).certificate())
                .isEqualTo(ec.certificate());
    }

    @Test
    void textAroundTheBlocksIsSkippedAndCertificatesThatAreNoChainAreRefused() throws Exception {
        DevCertificate leaf = DevCertificate.create(List.of("crm.example.com"), Duration.ofDays(1), Instant.now());
        // As openssl pkcs12 -nokeys writes it.
        Path annotated = write("annotated.pem", "Bag Attributes\n    friendlyName: crm\n" + leaf.certificatePem());
        Path key = write("key.pem", leaf.privateKeyPem());
        assertThat(TlsKeys.load(annotated, key).certificate()).isEqualTo(leaf.certificate());

        DevCertificate unrelated = DevCertificate.create(List.of("other.example.com"), Duration.ofDays(1), Instant.now());
        Path notAChain = write("fullchain.pem", leaf.certificatePem() + unrelated.certificatePem());
        assertThatThrownBy(() -> TlsKeys.load(notAChain, key)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNSILO_TLS_CERT").hasMessageContaining("are not one chain");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingBothSettings() throws Exception {
        DevCertificate one = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());
        DevCertificate two = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());

        assertThatThrownBy(() -> TlsKeys.load(write("cert.pem", one.certificatePem()), write("key.pem", two.privateKeyPem())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNSILO_TLS_KEY").hasMessageContaining("is not the private key of the certificate in UNSILO_TLS_CERT");
    }

    @Test
    void anEncryptedKeyIsRefusedWithWhatToDoInstead() throws Exception {
        DevCertificate cert = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());
        String encrypted = DevCertificate.pem(new JcaPKCS8Generator(keyOf(cert),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(new BouncyCastleProvider()).setPassword("secret".toCharArray()).build()));
        assertThat(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThatThrownBy(() -> TlsKeys.load(write("cert.pem", cert.certificatePem()), write("key.pem", encrypted)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("encrypted with a passphrase").hasMessageContaining("openssl pkey");
    }

    @Test
    void anExpiredCertificateStopsTheStart() throws Exception {
        DevCertificate old = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now().minus(Duration.ofDays(10)));

        assertThatThrownBy(() -> TlsKeys.load(write("cert.pem", old.certificatePem()), write("key.pem", old.privateKeyPem())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expired on").hasMessageContaining("dev-cert --force");
    }

    @Test
    void wrongOrMissingFilesAreNamed() throws Exception {
        DevCertificate cert = DevCertificate.create(List.of("localhost"), Duration.ofDays(1), Instant.now());
        Path certFile = write("cert.pem", cert.certificatePem());
        Path keyFile = write("key.pem", cert.privateKeyPem());

        assertThatThrownBy(() -> TlsKeys.load(dir.resolve("nope.pem"), keyFile)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNSILO_TLS_CERT names").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TlsKeys.load(keyFile, keyFile)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNSILO_TLS_CERT").hasMessageContaining("holds no certificate");
        assertThatThrownBy(() -> TlsKeys.load(certFile, certFile)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNSILO_TLS_KEY").hasMessageContaining("holds no private key");
        assertThatThrownBy(() -> TlsKeys.load(certFile, write("garbage.pem", "-----BEGIN PRIVATE KEY-----\nnot base64!\n"
                + "-----END PRIVATE KEY-----\n"))).isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_TLS_KEY");
    }
}
