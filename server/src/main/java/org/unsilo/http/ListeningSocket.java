package org.unsilo.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The server's listening socket, opened before the application is wired. With port 0 the system picks a free port,
 * and only an open socket knows which: opened first, that port can be in every part built after it (the default
 * public URL and CORS origin, links in Gmail cards and web pages, OAuth redirect URIs), not only in the start-up
 * message. A port that cannot be had also stops the start here, before a database is opened.
 */
public final class ListeningSocket implements AutoCloseable {

    private final String host;
    private final ServerSocketChannel channel;

    private ListeningSocket(String host, ServerSocketChannel channel) {
        this.host = host;
        this.channel = channel;
    }

    /**
     * Binds {@code host}:{@code port} as Jetty itself would: with address reuse, so that a restarted server need not
     * wait for the connections of the last one to time out.
     *
     * @throws UncheckedIOException around the system's {@link java.net.BindException} (the port is taken, the address
     *         is not this machine's, a port below 1024 without the right to it)
     * @throws java.nio.channels.UnresolvedAddressException when {@code host} is a name that does not resolve
     */
    public static ListeningSocket open(String host, int port) {
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port));
            return new ListeningSocket(host, channel);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The port bound: the one asked for, or the one the system picked for port 0. */
    public int port() {
        return channel.socket().getLocalPort();
    }

    /** {@code connector}, accepting on this socket; it closes the socket when the server stops. */
    public ServerConnector attach(ServerConnector connector) {
        connector.setHost(host);
        connector.setPort(port());
        try {
            connector.open(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return connector;
    }

    /** Frees the port of a server that did not start; a started one closes it itself (closing twice does nothing). */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing listens on it any more either way.
        }
    }
}
