package org.unsilo.capture;

import com.google.common.base.Splitter;
import com.google.common.net.InetAddresses;

/**
 * RFC 5321 §4.1.3 address literals: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. RFC 5322 allows
 * any text in brackets ({@code [RFC-5322-domain-literal]}), but only IP literals can be delivered to.
 */
final class AddressLiteral {

    private static final String IPV6_TAG = "IPv6:";
    /** RFC 5321 IPv6-comp: at most 6 hex groups beside "::" (4 when an IPv4 tail takes two groups' room). */
    private static final int MAX_GROUPS_WITH_ELISION = 6;
    private static final int MAX_GROUPS_WITH_ELISION_AND_IPV4 = 4;

    private AddressLiteral() {
    }

    /** Null when {@code domain} (including its brackets) is a deliverable address literal, else the reason. */
    static String error(String domain) {
        if (!domain.endsWith("]")) {
            return "unclosed domain literal";
        }
        String literal = domain.substring(1, domain.length() - 1);
        if (literal.regionMatches(true, 0, IPV6_TAG, 0, IPV6_TAG.length())) {
            return ipv6Error(literal.substring(IPV6_TAG.length()));
        }
        if (literal.indexOf(':') < 0 && InetAddresses.isInetAddress(literal)) {
            return null;
        }
        return "domain literal [" + literal + "] is not an IPv4 address or an 'IPv6:' address";
    }

    private static String ipv6Error(String ip) {
        // Guava also reads scoped addresses (fe80::1%eth0), which mean nothing outside one host.
        if (ip.indexOf('%') >= 0 || ip.indexOf(':') < 0 || !InetAddresses.isInetAddress(ip)) {
            return "'" + ip + "' is not an IPv6 address";
        }
        if (ip.contains("::")) {
            boolean ipv4Tail = ip.indexOf('.') >= 0;
            int hexGroups = 0;
            for (String group : Splitter.on(':').omitEmptyStrings().split(ip)) {
                hexGroups += group.indexOf('.') >= 0 ? 0 : 1;
            }
            int max = ipv4Tail ? MAX_GROUPS_WITH_ELISION_AND_IPV4 : MAX_GROUPS_WITH_ELISION;
            if (hexGroups > max) {
                return "IPv6 literal '" + ip + "' uses '::' for a single group (RFC 5321 allows at most " + max
                        + " groups beside '::')";
            }
        }
        return null;
    }
}
