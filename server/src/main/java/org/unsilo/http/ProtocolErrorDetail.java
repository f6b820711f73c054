package org.unsilo.http;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Request;
import org.unsilo.common.Causes;

/**
 * The {@code detail} of a problem that Jetty answers itself ({@link ProtocolErrorHandler}): what is wrong with the
 * request, in words its sender can act on. Jetty's own reason is kept where it names the fault ("Invalid
 * Content-Length Value"); where it is only the status ("Bad Request", or none) or terse ("Bad UTF-8 encoding"), the
 * detail says what the request must be instead. Those details quote nothing of the request: a path at fault is the
 * one thing that cannot be shown as the client meant it, and a detail is read by people and written to logs.
 */
final class ProtocolErrorDetail {

    private static final String PATH_NOT_UTF8 = "the request's path is not valid percent-encoded UTF-8: every % must"
            + " begin an escape of two hex digits (as in %20), the escaped bytes must be UTF-8, and %00 is not allowed";
    private static final String MALFORMED = "the request is not valid HTTP/1.1: its request line or header fields are malformed";

    /** The URI violations Jetty refuses a path for that mean it does not decode to text. */
    private static final Set<UriCompliance.Violation> UNDECODABLE = EnumSet.of(UriCompliance.Violation.BAD_UTF8_ENCODING,
            UriCompliance.Violation.TRUNCATED_UTF8_ENCODING, UriCompliance.Violation.BAD_PERCENT_ENCODING,
            UriCompliance.Violation.UTF16_ENCODINGS);

    private ProtocolErrorDetail() {
    }

    /**
     * @param standIn the request is Jetty's stand-in for one whose request line it could not take in
     *                ({@link ProtocolErrorHandler})
     */
    static String of(Request request, boolean standIn, int status, String reason, Throwable cause) {
        if (status == HttpStatus.BAD_REQUEST_400 && (refusedForEncoding(request.getHttpURI(), reason)
                || (standIn && undecodableTarget(cause)))) {
            return PATH_NOT_UTF8;
        }
        String title = HttpStatus.getMessage(status);
        if (reason != null && !reason.isBlank() && !reason.equalsIgnoreCase(title)) {
            return reason;
        }
        return switch (status) {
            case HttpStatus.BAD_REQUEST_400 -> MALFORMED;
            case HttpStatus.URI_TOO_LONG_414 -> "the request target (path and query) is too long: " + headerLimit(request);
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "the request's header fields are too large: "
                    + headerLimit(request);
            default -> "the request cannot be handled: " + title.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * Jetty read the request line but refuses its path for one of the violations it records on the URI, with that
     * violation's description as the reason (HttpChannelState). The reason tells which: a request refused for
     * something else (a bad Content-Length, found first) may carry a bad path too.
     */
    private static boolean refusedForEncoding(HttpURI uri, String reason) {
        return uri != null && uri.getViolations().stream()
                .anyMatch(v -> UNDECODABLE.contains(v) && v.getDescription().equals(reason));
    }

    /**
     * A target that broke while Jetty parsed the request line (a lone %, a % before no hex digits, %00) fails with an
     * IllegalArgumentException under Jetty's 400, and the request becomes the stand-in; the parser's own refusals (an
     * illegal character, an unknown version) have no such cause.
     */
    private static boolean undecodableTarget(Throwable cause) {
        return Causes.first(cause, IllegalArgumentException.class).isPresent();
    }

    /** Jetty reads the request line and the header fields into one buffer of this size (HttpConfiguration). */
    private static String headerLimit(Request request) {
        int bytes = request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize();
        return "the request line and header fields may take at most " + bytes + " bytes together";
    }
}
