package org.unsilo.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.unsilo.auth.Principal;
import org.unsilo.common.Search;

/** Reading requests the same way in every handler: strict JSON bodies, ids, limits, the caller. */
public final class Requests {

    public static final String PRINCIPAL = "unsilo.principal";
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final ObjectMapper mapper;

    public Requests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T body(Context ctx, Class<T> type) {
        requireJson(ctx.header("Content-Type"));
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            throw ApiException.badRequest("request body is empty; send a JSON object");
        }
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw ApiException.badRequest("request body is null; send a JSON object");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw ApiException.validation(List.of(new Problem.FieldError(field,
                    "unknown field; allowed fields are " + e.getKnownPropertyIds())));
        } catch (MismatchedInputException e) {
            // Jackson's own message names Java classes; clients need the JSON type the field takes.
            String field = path(e);
            if (field.isEmpty()) {
                throw ApiException.validation(List.of(new Problem.FieldError("(body)", "must be one JSON object")));
            }
            throw ApiException.validation(List.of(new Problem.FieldError(field, "must be " + jsonType(e.getTargetType()))));
        } catch (JsonMappingException e) {
            String field = path(e);
            throw ApiException.validation(List.of(new Problem.FieldError(field.isEmpty() ? "(body)" : field,
                    "has the wrong type or shape")));
        } catch (StreamConstraintsException e) {
            // Nesting or number length beyond the parser's limits; the message ends with the Java method that sets them.
            throw ApiException.badRequest("JSON too deeply nested or with too long a value: "
                    + e.getOriginalMessage().replaceAll(",?\\s*from `[^`]*`", ""));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ApiException.badRequest("malformed JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read request body: " + e.getMessage());
        }
    }

    /**
     * Bodies are UTF-8 JSON: a Content-Type, when sent, must say so ({@code application/json} or a {@code +json}
     * type, charset UTF-8 if named). Without one the body is read as JSON anyway, as curl and scripts send it.
     */
    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String[] parts = contentType.split(";", -1);
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
        boolean utf8 = true;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            String name = kv[0].strip().toLowerCase(Locale.ROOT);
            String value = kv.length == 2 ? kv[1].strip().replace("\"", "").toLowerCase(Locale.ROOT) : "";
            if (name.isEmpty() || (name.equals("charset") && !value.equals("utf-8") && !value.equals("utf8"))) {
                utf8 = false;
            }
        }
        if (!json || !utf8) {
            throw new ApiException(415, "Unsupported media type", "Content-Type '" + contentType
                    + "' is not accepted; send the body as 'application/json' (UTF-8)", null, java.util.Map.of());
        }
    }

    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        // Types that also accept a plain string (a party as "Name <a@b.com>") say so.
        boolean acceptsString = Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(JsonCreator.class)
                && m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class);
        return acceptsString ? "a string or an object" : "an object";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /**
     * Answers with {@code value} as JSON, written straight to UTF-8 bytes: {@code ctx.json} builds a String first and
     * encodes it again, which showed in the profile of the lookup, the call every opened e-mail makes.
     */
    public void json(Context ctx, Object value) {
        try {
            ctx.contentType(ContentType.APPLICATION_JSON).result(mapper.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    public static long pathId(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        long id = positive(raw);
        if (id > 0) {
            return id;
        }
        throw ApiException.notFound(name + " '" + raw + "' is not a valid id");
    }

    /** An optional id in the query: 0 when absent, else a positive id (a 400 naming the parameter otherwise). */
    public static long queryId(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return 0;
        }
        long id = positive(raw);
        if (id > 0) {
            return id;
        }
        throw ApiException.validation(List.of(new Problem.FieldError(name, "must be a positive id")));
    }

    /** An optional {@code true}/{@code false} query parameter; absent is false. */
    public static boolean queryFlag(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.validation(List.of(new Problem.FieldError(name, "must be true or false")));
    }

    public static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        long n = positive(raw);
        if (n >= 1 && n <= MAX_LIMIT) {
            return (int) n;
        }
        throw ApiException.validation(List.of(new Problem.FieldError("limit", "must be a number from 1 to " + MAX_LIMIT)));
    }

    /**
     * The value of ASCII decimal digits, or 0 when {@code raw} is anything else (signs, spaces, out of range, and the
     * non-ASCII digits such as '１' that {@link Long#parseLong} would accept).
     */
    private static long positive(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > 18 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(raw);
    }

    /** The list search of {@code q}: what contains it. */
    public static Search search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q != null && q.length() > Search.MAX_LENGTH) {
            throw ApiException.validation(List.of(new Problem.FieldError("q", "at most " + Search.MAX_LENGTH + " characters")));
        }
        return Search.containing(q);
    }

    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw ApiException.unauthorized("authentication required");
        }
        return p;
    }

    public static Principal admin(Context ctx) {
        Principal p = principal(ctx);
        if (!p.isAdmin()) {
            throw ApiException.forbidden("this action needs the admin role");
        }
        return p;
    }
}
