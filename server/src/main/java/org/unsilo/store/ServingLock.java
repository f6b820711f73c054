package org.unsilo.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Tells {@code restore} that a server uses a SQLite database: every running server holds a shared operating-system
 * lock on {@code <database>.serving}, and restore needs the exclusive one. The lock goes with the process, so a
 * server that was killed leaves nothing to clean up. PostgreSQL is restored with its own tools: no lock there.
 */
public final class ServingLock implements AutoCloseable {

    private final FileChannel channel;
    private final boolean alreadyServed;

    private ServingLock(FileChannel channel, boolean alreadyServed) {
        this.channel = channel;
        this.alreadyServed = alreadyServed;
    }

    /** Whether another server already used the database when this one started. */
    public boolean alreadyServed() {
        return alreadyServed;
    }

    /** Marks the database as served until {@link #close}; several servers may hold it at once. */
    public static ServingLock hold(String jdbcUrl) {
        Optional<Path> file = lockFile(jdbcUrl);
        if (file.isEmpty()) {
            return new ServingLock(null, false);
        }
        try {
            FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            boolean alreadyServed;
            try {
                // The exclusive lock is free only if no other server holds its shared one.
                FileLock alone = channel.tryLock(0, Long.MAX_VALUE, false);
                alreadyServed = alone == null;
                if (alone != null) {
                    alone.release();
                }
                channel.lock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException alreadyHeldHere) {
                // Another server in this same JVM (tests) holds it: the file is marked either way.
                alreadyServed = true;
            }
            return new ServingLock(channel, alreadyServed);
        } catch (IOException e) {
            throw new StoreException("cannot mark " + file.get() + " as in use: " + e.getMessage(), e);
        }
    }

    /** Whether a running server holds the database (always false for PostgreSQL). */
    public static boolean held(String jdbcUrl) {
        Optional<Path> file = lockFile(jdbcUrl);
        if (file.isEmpty() || !file.get().toFile().exists()) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file.get(), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException heldInThisJvm) {
            return true;
        } catch (IOException e) {
            throw new StoreException("cannot check whether a server uses " + file.get() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Path> lockFile(String jdbcUrl) {
        return Dialect.sqliteFile(jdbcUrl).map(db -> db.resolveSibling(db.getFileName() + ".serving"));
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                // Closing the channel releases its lock.
                channel.close();
            } catch (IOException e) {
                throw new StoreException("cannot release the lock on " + channel + ": " + e.getMessage(), e);
            }
        }
    }
}
