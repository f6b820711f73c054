package org.unsilo.api;

import java.util.ArrayList;
import java.util.List;
import org.unsilo.common.TextRule;
import org.unsilo.contacts.FieldRules;
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
        String problem = TextRule.problem(value, maxLength, multiline);
        if (problem != null) {
            errors.add(new Problem.FieldError(field, problem));
        }
        return this;
    }

    /** Collects the problems of a rule the services hold every path to ({@link FieldRules}), under the field's key. */
    FieldRules.Problems fields() {
        return (field, label, problem) -> errors.add(new Problem.FieldError(field, problem));
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
