package org.unsilo.http;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Who is really calling, behind a reverse proxy: {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} count only
 * when the direct peer is one of the trusted proxies ({@code UNSILO_TRUSTED_PROXIES}); from anyone else they are
 * ignored, since any client can send them. The result is kept on the request for rate limits, Secure cookies, HSTS
 * and the CORS same-origin check.
 */
public final class ForwardedHeaders {

    /** The caller as this server sees it: client address, whether it came over HTTPS, and the host it asked for. */
    public record Caller(String ip, boolean secure, String host) {
    }

    private static final String CALLER = "unsilo.caller";

    private final InetAddressSet trusted = new InetAddressSet();

    /** {@code proxies}: IP addresses and CIDR blocks, already checked by the config loader. */
    public ForwardedHeaders(List<String> proxies) {
        proxies.forEach(trusted::add);
    }

    public void register(RoutesConfig routes) {
        routes.before(ctx -> ctx.attribute(CALLER, resolve(ctx.req().getRemoteAddr(), ctx.scheme(), ctx.host(),
                ctx.header("X-Forwarded-For"), ctx.header("X-Forwarded-Proto"), ctx.header("X-Forwarded-Host"))));
    }

    /** The caller of this request (the direct peer if the filter did not run, as in a request rejected by Jetty). */
    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        return caller != null ? caller : new Caller(ctx.req().getRemoteAddr(), "https".equals(ctx.scheme()), ctx.host());
    }

    Caller resolve(String peer, String scheme, String host, String forwardedFor, String forwardedProto,
                   String forwardedHost) {
        boolean secure = "https".equals(scheme);
        if (!isTrusted(peer)) {
            return new Caller(peer, secure, host);
        }
        String proto = first(forwardedProto);
        if (proto != null) {
            secure = proto.toLowerCase(Locale.ROOT).equals("https");
        }
        String fHost = first(forwardedHost);
        return new Caller(client(peer, forwardedFor), secure, fHost != null && isHost(fHost) ? fHost : host);
    }

    /**
     * The rightmost address in {@code X-Forwarded-For} that is not a trusted proxy: everything left of it was written
     * by the client and may be made up. An entry that is no address ends the walk at the last hop known to be real.
     */
    private String client(String peer, String forwardedFor) {
        if (forwardedFor == null) {
            return peer;
        }
        List<String> hops = Arrays.stream(forwardedFor.split(",")).map(String::trim).toList();
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = address(hops.get(i));
            if (hop == null) {
                return client;
            }
            client = InetAddresses.toAddrString(hop);
            if (!trusted.test(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String peer) {
        if (trusted.isEmpty()) {
            return false;
        }
        InetAddress address = address(peer);
        return address != null && trusted.test(address);
    }

    /** A literal address, with or without a port ({@code 1.2.3.4:5}, {@code [::1]:5}); never resolved through DNS. */
    private static InetAddress address(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (InetAddresses.isInetAddress(value)) {
            return InetAddresses.forString(value);
        }
        try {
            String host = HostAndPort.fromString(value).getHost();
            return InetAddresses.isInetAddress(host) ? InetAddresses.forString(host) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isHost(String value) {
        try {
            HostAndPort.fromString(value);
            return value.chars().noneMatch(c -> c <= ' ' || c == '/' || c == '@');
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Proxies that add to a header instead of replacing it: the first value is the one the client-facing proxy set. */
    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",", 2)[0].trim();
        return value.isEmpty() ? null : value;
    }
}
