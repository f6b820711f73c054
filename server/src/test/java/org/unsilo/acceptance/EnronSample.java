package org.unsilo.acceptance;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A deterministic slice of the Enron corpus, streamed from the tarball (nothing is unpacked): the
 * files numbered 1..{@code perFolder} in every folder of {@value #SEED_OWNER}'s mailbox, plus every
 * other file in any mailbox with the same content — the copies filed under {@code sent},
 * {@code _sent_mail}, {@code all_documents} or in a colleague's inbox, each with its own Message-ID.
 */
final class EnronSample {

    static final String SEED_OWNER = "allen-p";

    private final List<EnronMessage> messages;
    private final Set<String> seedPaths;

    private EnronSample(List<EnronMessage> messages, Set<String> seedPaths) {
        this.messages = messages;
        this.seedPaths = seedPaths;
    }

    /**
     * Two passes over the tarball: the first reads every file's headers to find candidate copies of the
     * seeds (same sender, recipients, minute and subject), the second reads the candidates in full and
     * keeps those whose body matches too.
     */
    static EnronSample read(Path tarball, int perFolder) {
        Set<String> seeds = new HashSet<>();
        Map<String, ContentKey> headerKeys = new HashMap<>();
        stream(tarball, (path, raw) -> {
            headerKeys.put(path, EnronMessage.headerKey(path, raw));
            if (path.startsWith("maildir/" + SEED_OWNER + "/") && fileNumber(path) <= perFolder) {
                seeds.add(path);
            }
        });
        Set<ContentKey> seedHeaderKeys = new HashSet<>();
        seeds.forEach(p -> seedHeaderKeys.add(headerKeys.get(p)));
        Map<String, EnronMessage> candidates = new TreeMap<>();
        stream(tarball, (path, raw) -> {
            if (seedHeaderKeys.contains(headerKeys.get(path))) {
                candidates.put(path, EnronMessage.parse(path, raw));
            }
        });
        Set<ContentKey> seedKeys = new HashSet<>();
        seeds.forEach(p -> seedKeys.add(candidates.get(p).contentKey()));
        List<EnronMessage> chosen = new ArrayList<>();
        candidates.values().stream().filter(m -> seedKeys.contains(m.contentKey())).forEach(chosen::add);
        chosen.sort(Comparator.comparing((EnronMessage m) -> !seeds.contains(m.path())).thenComparing(EnronMessage::path));
        return new EnronSample(List.copyOf(chosen), Set.copyOf(seeds));
    }

    /** Seeds first, then their copies; within each group by path. */
    List<EnronMessage> messages() {
        return messages;
    }

    Set<String> seedPaths() {
        return seedPaths;
    }

    /** {@code maildir/allen-p/inbox/17.} → 17; files that are not numbered sort last. */
    private static int fileNumber(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String digits = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Calls {@code each} with the path and raw bytes of every file under {@code maildir/}, in tarball order. */
    static void stream(Path tarball, BiConsumer<String, byte[]> each) {
        try (InputStream file = Files.newInputStream(tarball);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(file), 1 << 16))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isFile() && entry.getName().startsWith("maildir/")) {
                    each.accept(entry.getName(), tar.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tarball, e);
        }
    }
}
