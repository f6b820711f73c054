package org.unsilo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before any filter or route runs (header fields too large, an undecodable or
 * ambiguous request target, a broken request line or Content-Length): problem+json with the security headers, like
 * every other refusal, instead of Jetty's HTML page or an empty body. Jetty 12 sends those found while parsing here
 * too, with a stand-in request; its {@code badMessageError} hook is no longer called.
 */
public final class ProtocolErrorHandler extends ErrorHandler {

    /** The request line Jetty makes up (HttpConnection) for an error found before it could read the client's. */
    private static final String STAND_IN_METHOD = "BAD";
    private static final String STAND_IN_PATH = "/badMessage";

    private final ObjectMapper mapper;

    public ProtocolErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; an API client sends PATCH and DELETE too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        boolean standIn = standIn(request);
        byte[] body = problem(code, ProtocolErrorDetail.of(request, standIn, code, message, cause),
                standIn || request.getHttpURI() == null ? null : request.getHttpURI().getPath());
        securityHeaders(response.getHeaders());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ErrorHandlers.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Whether Jetty could not read the request line (a broken line, a target that does not decode) and made up a
     * request: then the problem names no path, since the made-up one would send whoever reads it looking for a
     * "/badMessage" that the client never asked for. Only the method and path that Jetty gives the stand-in tell it
     * apart; a real request would need both, which no client sends.
     */
    private static boolean standIn(Request request) {
        return STAND_IN_METHOD.equals(request.getMethod()) && request.getHttpURI() != null
                && STAND_IN_PATH.equals(request.getHttpURI().getPath());
    }

    /**
     * What {@link Filters} puts on every answer, here for one that no filter saw: the strict set whatever the path (an
     * error loads nothing, not even on /addin/), and no HSTS: behind a proxy that ended TLS, whether the caller came
     * over HTTPS is only known to ForwardedHeaders, a filter. Their next answer carries it.
     */
    private static void securityHeaders(HttpFields.Mutable fields) {
        Filters.everyAnswer(fields::put);
        Filters.loadsNothing(fields::put);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    private byte[] problem(int status, String detail, String path) {
        try {
            return mapper.writeValueAsBytes(new Problem("about:blank", HttpStatus.getMessage(status), status, detail, path, null));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
