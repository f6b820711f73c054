package org.unsilo.http;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's one connector when it terminates TLS itself (no reverse proxy in front); see {@link PlainHttpRedirect}.
 * It accepts on the socket {@link ListeningSocket#attach} gives it.
 */
public final class HttpsConnector {

    private HttpsConnector() {
    }

    /** How often the certificate and key files are looked at for a renewal ({@link CertificateReloader}). */
    static final Duration RENEWAL_CHECK = Duration.ofMinutes(1);

    /** {@code keys} as read from {@code certificateFile} and {@code keyFile} at start; renewed files are read again. */
    public static ServerConnector create(Server server, HttpConfiguration http, TlsKeys.Loaded keys, Path certificateFile,
                                         Path keyFile) {
        return create(server, http, keys, certificateFile, keyFile, RENEWAL_CHECK);
    }

    static ServerConnector create(Server server, HttpConfiguration http, TlsKeys.Loaded keys, Path certificateFile,
                                  Path keyFile, Duration renewalCheck) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        keys.installIn(tls);
        // Jetty's defaults already leave out SSL, TLS 1.0/1.1 and weak cipher suites.
        HttpConfiguration https = new HttpConfiguration(http);
        // The client checks the certificate against the name it asked for; the server need not refuse a request whose
        // Host differs from the certificate's names (127.0.0.1 with a certificate for localhost, say) with a bare 400.
        // Strict-Transport-Security is set by Filters, as behind a proxy.
        https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        // The first bytes of a connection tell a TLS handshake from plain HTTP; plain HTTP goes straight to the HTTP
        // factory, where PlainHttpRedirect sends it on to https:// (port unification, as in Jetty's documentation).
        DetectorConnectionFactory tlsOrPlain = new DetectorConnectionFactory(new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()));
        ServerConnector connector = new ServerConnector(server, tlsOrPlain, new HttpConnectionFactory(https));
        // Started and stopped with the server.
        server.addBean(new CertificateReloader(tls, certificateFile, keyFile, renewalCheck));
        return connector;
    }
}
