package org.unsilo.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptance suite ({@code mvn -B verify -Pacceptance}) reads {@code ../shared} beside the repository root.
 * When it is missing the suite must fail and say so (DESIGN.md §12), never pass with nothing run.
 */
@Tag("acceptance")
class SharedFolderTest {

    @Test
    void sharedFolderIsPresent() {
        String configured = System.getProperty("unsilo.shared");
        assertThat(configured).as("system property unsilo.shared (set by the server POM)").isNotBlank();
        Path shared = Path.of(configured).toAbsolutePath().normalize();

        assertThat(Files.isDirectory(shared))
                .as("The acceptance suite reads %s (../shared beside the repository root: real mail corpora, recorded "
                        + "API payloads, official schemas), and it is missing. Put it there, or run with "
                        + "-Dunsilo.shared=/path/to/shared.", shared)
                .isTrue();
        for (String sub : List.of("data", "schemas")) {
            assertThat(Files.isDirectory(shared.resolve(sub))).as("%s has no %s/ folder", shared, sub).isTrue();
        }
    }
}
