package org.unsilo.http;

import java.util.List;
import java.util.Map;

/** An error answered as problem+json. Throw it from any handler. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ApiException(int status, String title, String detail, List<Problem.FieldError> errors, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.headers = headers;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail, null, Map.of());
    }

    public static ApiException validation(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid: " + errors.stream().map(Problem.FieldError::field).distinct()
                        .limit(10).reduce((a, b) -> a + ", " + b).orElse("");
        return new ApiException(400, "Invalid request", detail, errors, Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail, null, Map.of());
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail, null, Map.of("WWW-Authenticate", "Bearer realm=\"unsilo\""));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, null, Map.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, null, Map.of());
    }

    public static ApiException unprocessable(String field, String detail) {
        return new ApiException(422, "Unprocessable request", detail, List.of(new Problem.FieldError(field, detail)), Map.of());
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(413, "Request too large", detail, null, Map.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
