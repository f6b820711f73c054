package org.unsilo.store;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new SQLite database as Flyway leaves it after all migrations, made once at build time and copied into place when
 * a server starts on a file that does not exist yet: the way frameworks load a schema dump for a new database instead
 * of replaying every migration. Replaying them in a cold JVM was ~0.4 s of a first start (bench/README.md); copying
 * the file takes a few milliseconds, and Flyway then finds the newest version already applied. Without the resource
 * (a build that skipped this step) Flyway makes the database as before. {@code NewDatabaseTemplateTest} holds the copy
 * to what Flyway makes.
 */
public final class NewDatabaseTemplate {

    /** Class-path resource; written by {@link #main} in the build's {@code process-classes} phase. */
    static final String RESOURCE = "db/new-database.sqlite";

    private static final Logger LOG = LoggerFactory.getLogger(NewDatabaseTemplate.class);

    private NewDatabaseTemplate() {
    }

    /**
     * Puts the template at {@code file} if nothing is there, and says whether it did. An existing file, even an empty
     * one, is left alone; so is everything when the template cannot be placed whole (Flyway then makes the schema).
     */
    static boolean placeIfMissing(Path file) {
        if (Files.exists(file)) {
            return false;
        }
        Path tmp = null;
        try (InputStream template = NewDatabaseTemplate.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (template == null) {
                return false;
            }
            // Created like SQLite creates a database (default permissions), not like a temporary file (owner only).
            tmp = file.toAbsolutePath().resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".new");
            Files.copy(template, tmp);
            try (FileChannel written = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                written.force(true);
            }
            // A link, not a move: it fails if another process has meanwhile created the database, where a rename
            // would silently replace the file under it.
            Files.createLink(file, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("new database {} left to the migrations: {}", file, e.toString());
            return false;
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** Build step: writes the template to the file named by the one argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: NewDatabaseTemplate OUTPUT_FILE");
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        Path dir = Files.createTempDirectory("unsilo-template");
        try {
            // An empty file is not replaced by the template (a stale one may be on the class path): Flyway migrates it.
            String made = "jdbc:sqlite:" + Files.createFile(dir.resolve("new.db"));
            Database.open(made).close();
            // The backup's VACUUM INTO writes a compact copy and checks it (intact, with its migration history).
            Database.backup(made, out);
        } finally {
            MoreFiles.deleteRecursively(dir);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover temporary file is harmless.
        }
    }
}
