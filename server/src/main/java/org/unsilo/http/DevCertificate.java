package org.unsilo.http;

import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for trying the add-ins on one machine: Office loads add-ins only over HTTPS, and a
 * development server has no certificate from a CA. An ECDSA P-256 key; the certificate names each host given (DNS
 * names and IP addresses) and is marked for TLS servers only, so trusting it trusts nothing else.
 */
public record DevCertificate(X509Certificate certificate, String certificatePem, String privateKeyPem) {

    public static DevCertificate create(List<String> hosts, Duration validity, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return create(generator.generateKeyPair(), "SHA256withECDSA", hosts, validity, now);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a key: " + e.getMessage(), e);
        }
    }

    /** A certificate for a key pair of any kind Java signs with ({@code signatureAlgorithm}, e.g. SHA256withRSA). */
    static DevCertificate create(KeyPair keys, String signatureAlgorithm, List<String> hosts, Duration validity, Instant now) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one host name");
        }
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, hosts.get(0))
                    .addRDN(BCStyle.O, "Unsilo development certificate")
                    .build();
            GeneralName[] names = hosts.stream()
                    .map(h -> InetAddresses.isInetAddress(h) ? new GeneralName(GeneralName.iPAddress, h)
                            : new GeneralName(GeneralName.dNSName, h.toLowerCase(Locale.ROOT)))
                    .toArray(GeneralName[]::new);
            // Back-dated an hour, for clocks a little behind this one.
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keys.getPrivate())));
            return new DevCertificate(certificate, pem(certificate), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a certificate: " + e.getMessage(), e);
        }
    }

    /** SHA-256 of the certificate, as browsers and {@code openssl x509 -fingerprint -sha256} show it. */
    public String sha256Fingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code o} (a certificate, a key, a PEM object) as PEM text. */
    static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        }
        return out.toString();
    }
}
