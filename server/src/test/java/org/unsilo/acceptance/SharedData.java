package org.unsilo.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the acceptance suite finds {@code ../shared} (real third-party data that is never copied into
 * the repo, DESIGN.md §12). Surefire sets the system property {@value #PROPERTY}; the environment
 * variable {@value #ENV} is the fallback for IDE runs.
 *
 * <p>Missing data is a test failure, never a skip: a suite that silently skips when its data is gone
 * would report green on a machine where nothing was checked.
 */
final class SharedData {

    static final String PROPERTY = "unsilo.shared";
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
}
