package org.unsilo.cli;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.unsilo.config.ConfigLoader;
import org.unsilo.http.DevCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev-cert", mixinStandardHelpOptions = true,
        description = "Make a self-signed HTTPS certificate for trying the add-ins on this machine (Office loads add-ins "
                + "only over HTTPS). Not for production: use your CA's or Let's Encrypt's certificate there.")
final class DevCertCommand implements Runnable {

    private static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "::1");

    @Option(names = "--data-dir", description = "Data directory whose tls folder gets the files (default ./data, or UNSILO_DATA_DIR).")
    Path dataDir;

    @Option(names = "--out", description = "Folder for cert.pem and key.pem (default: tls in the data directory).")
    Path out;

    @Option(names = "--host", description = "A host name or IP address the certificate is for; repeat for several "
            + "(default: localhost, 127.0.0.1 and ::1).")
    List<String> hosts;

    @Option(names = "--days", defaultValue = "365", description = "Days the certificate is valid (1-825, default ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--force", description = "Replace a certificate made before.")
    boolean force;

    @Override
    public void run() {
        if (days < 1 || days > 825) {
            throw new CliException("--days must be between 1 and 825 (got " + days + ")");
        }
        List<String> names = hosts == null || hosts.isEmpty() ? LOCAL_HOSTS : hosts.stream().map(String::trim).toList();
        for (String name : names) {
            if (!InetAddresses.isInetAddress(name) && !name.equals("localhost") && !InternetDomainName.isValid(name)) {
                throw new CliException("--host must be a host name or an IP address (got '" + name + "')");
            }
        }
        Path dir = (out != null ? out : defaultDataDir().resolve("tls")).toAbsolutePath().normalize();
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        if (!force && (Files.exists(certFile) || Files.exists(keyFile))) {
            throw new CliException(dir + " already holds a certificate; add --force to replace it (where the old one was "
                    + "trusted, trust the new one instead)");
        }
        Clock clock = Clock.systemUTC();
        DevCertificate cert = DevCertificate.create(names, Duration.ofDays(days), clock.instant());
        try {
            Files.createDirectories(dir);
            // The key first, readable by this account only; each file appears whole or not at all.
            write(keyFile, cert.privateKeyPem(), true);
            write(certFile, cert.certificatePem(), false);
        } catch (IOException e) {
            throw new CliException("cannot write the certificate to " + dir + ": " + e.getMessage());
        }
        System.out.println("Made a self-signed certificate for " + String.join(", ", names) + ", valid until "
                + cert.certificate().getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate() + ":");
        System.out.println("    certificate  " + certFile);
        System.out.println("    private key  " + keyFile + "  (readable only by you)");
        System.out.println("    SHA-256      " + cert.sha256Fingerprint());
        System.out.println();
        System.out.println("Serve over HTTPS with it:");
        System.out.println("    " + ConfigLoader.TLS_CERT + "=" + certFile + " " + ConfigLoader.TLS_KEY + "=" + keyFile + " \\");
        System.out.println("    " + ConfigLoader.BASE_URL + "=https://" + urlHost(names.get(0)) + ":8443 ./unsilo serve --port 8443");
        System.out.println();
        System.out.println("Trust it once on the computer that runs Outlook or the browser, then sideload the add-in:");
        System.out.println("    Windows:  certutil -user -addstore Root " + certFile);
        System.out.println("    macOS:    security add-trusted-cert -r trustRoot -k ~/Library/Keychains/login.keychain-db " + certFile);
        System.out.println("    Linux:    import it as an authority in the browser's certificate settings");
    }

    private Path defaultDataDir() {
        return dataDir != null ? dataDir : new ConfigLoader(System.getenv()).load(null, Map.of()).dataDir();
    }

    private static String urlHost(String host) {
        return InetAddresses.isInetAddress(host) && host.contains(":") ? "[" + host + "]" : host;
    }

    private static void write(Path target, String text, boolean secret) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret && target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
