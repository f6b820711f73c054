package org.unsilo.http;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a renewed certificate without a restart: certbot and its kind replace the PEM files every 60–90 days. The
 * two files are looked at every {@code every}; when either changed (time or size, through symbolic links such as
 * certbot's {@code live/} ones) they are read again with the same checks as at start, and Jetty uses the new pair for
 * new connections. A pair that does not load — the certificate renewed but the key not yet written, say — is reported
 * once and the previous pair kept, and is tried again at each look until it loads.
 */
final class CertificateReloader extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final SslContextFactory.Server tls;
    private final Path certificateFile;
    private final Path keyFile;
    private final Duration every;
    private ScheduledExecutorService thread;
    /** The files' stamp when the pair in use was read; only touched on the reload thread after the start. */
    private String inUse;
    private String reportedFailure;

    CertificateReloader(SslContextFactory.Server tls, Path certificateFile, Path keyFile, Duration every) {
        this.tls = tls;
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.every = every;
    }

    @Override
    protected void doStart() {
        inUse = stamp();
        thread = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat("unsilo-tls-reload").setDaemon(true).build());
        thread.scheduleWithFixedDelay(this::check, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        thread.shutdownNow();
    }

    private void check() {
        String now = stamp();
        if (now.equals(inUse)) {
            return;
        }
        try {
            TlsKeys.Loaded keys = TlsKeys.load(certificateFile, keyFile);
            tls.reload(keys::installIn);
            inUse = now;
            reportedFailure = null;
            LOG.info("Now serving the renewed TLS certificate for {}, valid until {}",
                    keys.certificate().getSubjectX500Principal().getName(), keys.certificate().getNotAfter().toInstant());
        } catch (Exception e) {
            if (!now.equals(reportedFailure)) {
                LOG.warn("The changed TLS certificate or key cannot be used yet; still serving the previous one: {}", e.getMessage());
                reportedFailure = now;
            }
        }
    }

    /** Modification time and size of both files, or what stands in for a missing one. */
    private String stamp() {
        return stamp(certificateFile) + "|" + stamp(keyFile);
    }

    private static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file);
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
