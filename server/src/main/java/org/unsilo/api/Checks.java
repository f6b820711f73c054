package org.unsilo.api;

import java.util.ArrayList;
import java.util.List;
import org.unsilo.http.ApiException;
import org.unsilo.http.Problem;

/** Collects field errors of one request, then fails with all of them at once. */
final class Checks {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    Checks require(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            errors.add(new Problem.FieldError(field, "is required"));
        }
        return this;
    }

    /** Single-line text: length limit and no control characters. */
    Checks line(String field, String value, int maxLength) {
        return text(field, value, maxLength, false);
    }

    /** Multi-line text: length limit, valid Unicode; tabs and line breaks allowed, other control characters not. */
    Checks text(String field, String value, int maxLength, boolean multiline) {
        if (value == null) {
            return this;
        }
        if (value.length() > maxLength) {
            errors.add(new Problem.FieldError(field, "is longer than " + maxLength + " characters"));
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowedBreak = multiline && (c == '\n' || c == '\r' || c == '\t');
            if ((c < 0x20 || c == 0x7f) && !allowedBreak) {
                errors.add(new Problem.FieldError(field, String.format("contains control character U+%04X", (int) c)));
                return this;
            }
            // A lone UTF-16 surrogate (a JSON "\ud83d" escape without its pair) is not text: the store
            // would silently turn it into '?'.
            if (Character.isHighSurrogate(c) && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                errors.add(new Problem.FieldError(field, String.format("contains an unpaired surrogate U+%04X (not valid Unicode)",
                        (int) c)));
                return this;
            }
        }
        return this;
    }

    Checks size(String field, List<?> list, int max) {
        if (list != null && list.size() > max) {
            errors.add(new Problem.FieldError(field, "has " + list.size() + " entries; at most " + max + " are accepted"));
        }
        return this;
    }

    Checks fail(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }
}
