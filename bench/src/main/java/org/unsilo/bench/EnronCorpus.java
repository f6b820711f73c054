package org.unsilo.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The shared Enron maildir ({@code ../shared/data/enron/}, never copied into the repo), unpacked into
 * {@code bench/target} once and reused while the tarball stays the same. A missing shared folder stops the
 * benchmark with a message saying where it was looked for: a benchmark that quietly measured nothing would be worse.
 */
final class EnronCorpus {

    static final String TARBALL = "data/enron/enron-westgas-8users-maildir.tar.gz";

    /** The unpacked {@code maildir/} folder, and its message files in a stable order. */
    record Tree(Path maildir, List<Path> files, long bytes, String origin) {
    }

    private EnronCorpus() {
    }

    /** The tarball below {@code shared}; throws with a useful message when either is missing. */
    static Path tarball(Path shared) {
        if (!Files.isDirectory(shared)) {
            throw new IllegalStateException("The import benchmark needs the shared data folder, but " + shared + " does not exist. "
                    + "It reads the Enron corpus from ../shared/data/enron/ beside the repo root; put the folder there "
                    + "or point UNSILO_SHARED (bench/run) or -Dbench.shared at it.");
        }
        Path tarball = shared.resolve(TARBALL);
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("The Enron corpus is missing: " + tarball + " does not exist (see "
                    + shared.resolve("data/README.md") + ").");
        }
        return tarball;
    }

    /**
     * The whole corpus below {@code work}/enron, unpacked from {@code tarball} (commons-compress) unless a previous run
     * unpacked the same tarball (same size and modification time) there already.
     */
    static Tree unpack(Path tarball, Path work) throws IOException {
        Path target = work.resolve("enron");
        Path stamp = work.resolve("enron.unpacked");
        String id = tarball.toAbsolutePath() + " " + Files.size(tarball) + " " + Files.getLastModifiedTime(tarball).toMillis();
        long t0 = System.nanoTime();
        boolean reused = Files.isRegularFile(stamp) && Files.readString(stamp).equals(id) && Files.isDirectory(target.resolve("maildir"));
        if (!reused) {
            deleteTree(target);
            Files.deleteIfExists(stamp);
            Files.createDirectories(target);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException(tarball + " has an entry outside its folder: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else if (e.isFile()) {
                        Files.createDirectories(out.getParent());
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            if (!Files.isDirectory(target.resolve("maildir"))) {
                throw new IllegalStateException(tarball + " has no maildir/ folder");
            }
            Files.writeString(stamp, id);
        }
        String origin = (reused ? "unpacked by an earlier run from " : String.format(Locale.ROOT,
                "unpacked in %.1f s from ", (System.nanoTime() - t0) / 1e9)) + "`../shared/" + TARBALL + "`";
        return tree(target.resolve("maildir"), origin);
    }

    /**
     * A smaller corpus for quick checks of the benchmark itself: {@code limit} files spread evenly over {@code whole} (so
     * every mailbox and its sent folders keep their share), copied below {@code work}/enron-sample-N with the same layout.
     */
    static Tree sample(Tree whole, int limit, Path work) throws IOException {
        Path target = work.resolve("enron-sample-" + limit);
        deleteTree(target);
        int total = whole.files().size();
        for (int j = 0; j < limit; j++) {
            Path from = whole.files().get((int) ((long) j * total / limit));
            Path to = target.resolve(whole.maildir().relativize(from).toString());
            Files.createDirectories(to.getParent());
            Files.copy(from, to);
        }
        return tree(target, String.format(Locale.ROOT, "spread evenly over the %,d %s", total, whole.origin()));
    }

    private static Tree tree(Path maildir, String origin) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(maildir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        return new Tree(maildir, files, bytes, origin);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
