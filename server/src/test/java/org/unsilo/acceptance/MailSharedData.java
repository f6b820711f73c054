package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The mail import's view of {@code ../shared} (system property {@code unsilo.shared}, set by the POM). A missing
 * folder or file fails the test and names the path: the acceptance suite never skips (DESIGN.md §12).
 */
final class MailSharedData {

    static final String ENRON_TARBALL = "data/enron/enron-westgas-8users-maildir.tar.gz";

    private MailSharedData() {
    }

    static Path root() {
        String configured = System.getProperty("unsilo.shared");
        if (configured == null || configured.isBlank()) {
            fail("System property unsilo.shared is not set: the acceptance suite reads ../shared beside the repository "
                    + "(run it with mvn -Pacceptance, or pass -Dunsilo.shared=/path/to/shared)");
        }
        Path root = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            fail("The acceptance suite needs the shared test data at " + root + ", and it is missing");
        }
        return root;
    }

    static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            fail("The acceptance suite needs " + p + ", and it is missing");
        }
        return p;
    }

    /** Unpacks the Enron tarball into {@code target} (commons-compress) and returns its {@code maildir/} folder. */
    static Path extractEnron(Path target) {
        Path tarball = file(ENRON_TARBALL);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = target.resolve(e.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the target folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + tarball + ": " + e.getMessage(), e);
        }
        Path maildir = target.resolve("maildir");
        if (!Files.isDirectory(maildir)) {
            fail(tarball + " has no maildir/ folder");
        }
        return maildir;
    }
}
