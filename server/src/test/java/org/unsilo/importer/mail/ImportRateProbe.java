package org.unsilo.importer.mail;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;

import java.io.IOException;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;



import org.unsilo.App;
import org.unsilo.acceptance.SharedData;
import org.unsilo.config.ConfigLoader;
import org.unsilo.importer.ImportProgress;

/**
 * Measures, in one JVM and one run, the full import of the Enron corpus ({@code --owners-by-folder}, internal
 * domain enron.com, a fresh SQLite database) next to a baseline that only parses the same files with Angus Mail
 * (headers, addresses, date and text, one thread). Not a test: run it by hand.
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.unsilo.importer.mail.ImportRateProbe [maildir]
 * </pre>
 * {@code -Drounds=N} repeats the import N times (fresh database each time) to show the rate with a warm JIT.
 * Without an argument it unpacks the Enron tarball of the shared folder named by {@code -Dunsilo.shared} (or
 * {@code UNSILO_SHARED}) to a temporary folder.
 */
public final class ImportRateProbe {

    private ImportRateProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path maildir = args.length > 0 ? Path.of(args[0]) : extract();
        List<Path> files;
        try (Stream<Path> s = Files.walk(maildir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, max heap %d MiB, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, os.getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "corpus: %,d files, %,d bytes, in %s%n", files.size(), size(files), maildir);

        // Baseline: Angus Mail alone. A first pass warms the JIT, the second is timed.
        parseOnly(files);
        long t0 = System.nanoTime();
        long chars = parseOnly(files);
        double parseSeconds = (System.nanoTime() - t0) / 1e9;
        double parseRate = files.size() / parseSeconds;
        System.out.printf(Locale.ROOT, "parse only (Angus Mail, 1 thread): %,d messages in %.2f s = %,.0f messages/s (%,d chars of text)%n",
                files.size(), parseSeconds, parseRate, chars);

        int rounds = Integer.getInteger("rounds", 1);
        for (int round = 1; round <= rounds; round++) {
            importOnce(maildir, parseRate, round);
        }
        System.out.printf(Locale.ROOT, "peak heap: %d MiB; load average now %.2f%n", peakHeap() >> 20, os.getSystemLoadAverage());
    }

    /** One full import into a fresh data directory. Later rounds show the rate once the JIT has compiled everything. */
    private static void importOnce(Path maildir, double parseRate, int round) throws Exception {
        Path data = Files.createTempDirectory("unsilo-probe");
        var config = new ConfigLoader(Map.of()).load(null, Map.of(ConfigLoader.DATA_DIR, data.toString(),
                ConfigLoader.INTERNAL_DOMAINS, "enron.com"));
        try (App app = new App(config, Clock.systemUTC())) {
            MailImporter importer = new MailImporter(app.captures(), app.users(), app.importJobs(), app.db());
            long[] pipeline = new long[2];
            ImportProgress timing = new ImportProgress() {
                @Override
                public void start(String task, long total, long alreadyDone) {
                    pipeline[0] = System.nanoTime();
                }

                @Override
                public void advance(long items) {
                }

                @Override
                public void note(String line) {
                }

                @Override
                public void close() {
                    pipeline[1] = System.nanoTime();
                }
            };
            MailImportReport r = importer.run(MailImportRequest.byFolder(maildir), timing);
            double seconds = r.elapsed().toNanos() / 1e9;
            double rate = r.processedNow() / seconds;
            double pipelineRate = r.processedNow() / ((pipeline[1] - pipeline[0]) / 1e9);
            System.out.printf(Locale.ROOT, "full import #%d (learning owners, %d parse thread(s) + 1 writer, batches of %d): %,d messages "
                            + "in %.2f s = %,.0f messages/s (store pipeline alone %,.0f messages/s)%n", round,
                    MailImportRequest.defaultParseThreads(), MailImportRequest.DEFAULT_BATCH_SIZE, r.processedNow(), seconds, rate,
                    pipelineRate);
            System.out.printf(Locale.ROOT, "import / parse-only: %.0f %%%n", 100 * rate / parseRate);
            System.out.printf("counts: %s%n", r.counts());
        }
    }

    /** What a parse-only importer would do: headers, addresses, date, and the text of the message. */
    private static long parseOnly(List<Path> files) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        Session session = Session.getInstance(props);
        long chars = 0;
        for (Path f : files) {
            byte[] raw = Files.readAllBytes(f);
            MimeMessage m = new MimeMessage(session, new SharedByteArrayInputStream(raw));
            m.getFrom();
            m.getRecipients(MimeMessage.RecipientType.TO);
            m.getRecipients(MimeMessage.RecipientType.CC);
            m.getSubject();
            m.getSentDate();
            m.getMessageID();
            chars += text(m);
        }
        return chars;
    }

    private static long text(Part p) throws Exception {
        if (p.isMimeType("text/*")) {
            Object c = p.getContent();
            return c instanceof String s ? s.length() : 0;
        }
        if (p.isMimeType("multipart/*") && p.getContent() instanceof Multipart mp) {
            long n = 0;
            for (int i = 0; i < mp.getCount(); i++) {
                n += text(mp.getBodyPart(i));
            }
            return n;
        }
        return 0;
    }

    private static long size(List<Path> files) throws IOException {
        long n = 0;
        for (Path f : files) {
            n += Files.size(f);
        }
        return n;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static Path extract() throws IOException {
        return SharedData.extractEnron(Files.createTempDirectory("enron"));
    }
}
