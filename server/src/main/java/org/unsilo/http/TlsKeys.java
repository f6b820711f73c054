package org.unsilo.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.unsilo.config.ConfigException;
import org.unsilo.config.ConfigLoader;

/**
 * The server's TLS certificate chain and private key, read from the PEM files an admin has (a CA's or Let's
 * Encrypt's {@code fullchain.pem} and {@code privkey.pem}, or {@code unsilo dev-cert}'s), as the in-memory key store
 * Jetty takes. Everything wrong with them is said at start-up, naming the setting, rather than left to fail every
 * TLS handshake later.
 */
public final class TlsKeys {

    /** A key store holding one entry, and the password it was made with (random, never written anywhere). */
    public record Loaded(KeyStore keyStore, String password, X509Certificate certificate) {

        /** Makes {@code tls} serve this pair: at start, and for a renewal inside {@code SslContextFactory.reload}. */
        void installIn(SslContextFactory tls) {
            tls.setKeyStore(keyStore);
            tls.setKeyStorePassword(password);
            tls.setKeyManagerPassword(password);
        }
    }

    /** The settings errors name for the two files. */
    private static final String CERT_SETTING = ConfigLoader.TLS_CERT;
    private static final String KEY_SETTING = ConfigLoader.TLS_KEY;

    private TlsKeys() {
    }

    public static Loaded load(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        X509Certificate leaf = chain.get(0);
        if (!belongTogether(key, leaf)) {
            throw new ConfigException(KEY_SETTING + " (" + keyFile + ") is not the private key of the certificate in "
                    + CERT_SETTING + " (" + certificateFile + "); the certificate must come first in its file");
        }
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new ConfigException("the certificate in " + CERT_SETTING + " (" + certificateFile + ") expired on "
                    + leaf.getNotAfter().toInstant() + "; renew it (for development: unsilo dev-cert --force)");
        } catch (CertificateNotYetValidException e) {
            throw new ConfigException("the certificate in " + CERT_SETTING + " (" + certificateFile + ") is valid only from "
                    + leaf.getNotBefore().toInstant() + "; check the clock of this machine");
        }
        KeyStore store;
        String password;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("no PKCS12 key store in this Java: " + e.getMessage(), e);
        }
        try {
            store.setKeyEntry("unsilo", key, password.toCharArray(), chain.toArray(X509Certificate[]::new));
        } catch (KeyStoreException e) {
            throw new ConfigException("the certificates in " + CERT_SETTING + " (" + certificateFile + ") are not one chain: "
                    + "the server's certificate comes first, then the one that issued it, and so on (" + e.getMessage() + ")");
        }
        return new Loaded(store, password, leaf);
    }

    private static List<X509Certificate> certificates(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        PEMParser pem = parser(file, CERT_SETTING);
        try (pem) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object o; (o = pem.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new ConfigException(CERT_SETTING + " (" + file + ") is not a readable PEM file: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new ConfigException(CERT_SETTING + " (" + file + ") holds no certificate (a PEM block starting "
                    + "-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file) {
        Object o;
        PEMParser pem = parser(file, KEY_SETTING);
        try (pem) {
            o = pem.readObject();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(KEY_SETTING + " (" + file + ") is not a readable PEM file: " + e.getMessage());
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                // "RSA PRIVATE KEY" (PKCS#1) and "EC PRIVATE KEY" (SEC 1), as openssl and certbot write them.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(KEY_SETTING + " (" + file + ") holds a private key Java cannot use: " + e.getMessage());
        }
        if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new ConfigException(KEY_SETTING + " (" + file + ") is encrypted with a passphrase; give the server an "
                    + "unencrypted copy readable only by its account (openssl pkey -in key.pem -out server-key.pem)");
        }
        throw new ConfigException(KEY_SETTING + " (" + file + ") holds no private key (a PEM block starting -----BEGIN "
                + "PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
    }

    private static PEMParser parser(Path file, String setting) {
        try {
            // Latin-1 reads any byte: text around the PEM blocks (openssl "Bag Attributes") may be in any encoding.
            return new PEMParser(Files.newBufferedReader(file, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            throw new ConfigException(setting + " names " + file + ", which does not exist");
        } catch (IOException e) {
            throw new ConfigException(setting + " (" + file + ") cannot be read: " + e.getMessage());
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = signatureAlgorithm(key.getAlgorithm());
        if (algorithm == null || !algorithm.equals(signatureAlgorithm(certificate.getPublicKey().getAlgorithm()))) {
            return false;
        }
        try {
            byte[] probe = "unsilo".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
    }
}
