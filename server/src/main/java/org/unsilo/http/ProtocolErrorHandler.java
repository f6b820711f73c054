package org.unsilo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before any route runs (header fields too large, an undecodable or ambiguous
 * request target, a broken request line): problem+json like every other refusal, instead of Jetty's HTML page or
 * an empty body.
 */
public final class ProtocolErrorHandler extends ErrorHandler {

    private final ObjectMapper mapper;

    public ProtocolErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; an API client sends PATCH and DELETE too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** Errors found while the request was still being parsed: there is no request object, only the status. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        byte[] body = problem(status, reason, null);
        fields.put(HttpHeader.CONTENT_TYPE, ErrorHandlers.PROBLEM_JSON);
        return ByteBuffer.wrap(body);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        byte[] body = problem(code, message, path);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ErrorHandlers.PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private byte[] problem(int status, String reason, String path) {
        String title = HttpStatus.getMessage(status);
        String detail = reason == null || reason.isBlank() || reason.equalsIgnoreCase(title)
                ? "the request cannot be handled: " + title.toLowerCase(Locale.ROOT) : reason;
        try {
            return mapper.writeValueAsBytes(new Problem("about:blank", title, status, detail, path, null));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
