package org.unsilo.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

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
 * Where the acceptance suite finds {@code ../shared} (real third-party data that is never copied into
 * the repo, DESIGN.md §12). Surefire sets the system property {@value #PROPERTY}; the environment
 * variable {@value #ENV} is the fallback for IDE runs.
 *
 * <p>Missing data is a test failure, never a skip: a suite that silently skips when its data is gone
 * would report green on a machine where nothing was checked.
 */
public final class SharedData {

    static final String PROPERTY = "unsilo.shared";
    static final String ENRON_TARBALL = "data/enron/enron-westgas-8users-maildir.tar.gz";
    static final String ENV = "UNSILO_SHARED";

    private SharedData() {
    }

    /** The shared folder; fails the calling test when it is not configured or does not exist. */
    static Path root() {
        String configured = System.getProperty(PROPERTY);
        String origin = "system property " + PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
            origin = "environment variable " + ENV;
        }
        if (configured == null || configured.isBlank()) {
            return fail("The acceptance suite needs the shared data folder, but neither the system property "
                    + PROPERTY + " nor the environment variable " + ENV + " is set. Run it with "
                    + "'mvn -B verify -Pacceptance' from the repo (which points " + PROPERTY
                    + " at ../shared) or pass -D" + PROPERTY + "=/path/to/shared.");
        }
        Path root = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            return fail("Shared data folder is missing: " + root + " (from " + origin + "). The acceptance "
                    + "suite reads real corpora from ../shared beside the repo root (DESIGN.md §12); "
                    + "put the folder there or point -D" + PROPERTY + " at it.");
        }
        return root;
    }

    /** A file below the shared folder, e.g. {@code data/psl/test_psl.txt}; fails the test when it is missing. */
    static Path file(String relative) {
        Path root = root();
        Path file = root.resolve(relative).normalize();
        if (!Files.isRegularFile(file)) {
            return fail("Shared data file is missing: " + file + " (expected below " + root + " as '"
                    + relative + "'). See " + root.resolve("data/README.md") + " for what belongs there.");
        }
        if (!Files.isReadable(file)) {
            return fail("Shared data file is not readable: " + file);
        }
        return file;
    }

    /** A folder below the shared folder, e.g. {@code data/mime}; fails the test when it is missing. */
    static Path folder(String relative) {
        Path root = root();
        Path folder = root.resolve(relative).normalize();
        if (!Files.isDirectory(folder)) {
            return fail("Shared data folder is missing: " + folder + " (expected below " + root + " as '"
                    + relative + "'). See " + root.resolve("data/README.md") + " for what belongs there.");
        }
        return folder;
    }

    /** Unpacks the Enron tarball into {@code target} (commons-compress) and returns its {@code maildir/} folder. */
    public static Path extractEnron(Path target) {
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
            return fail(tarball + " has no maildir/ folder");
        }
        return maildir;
    }
}
