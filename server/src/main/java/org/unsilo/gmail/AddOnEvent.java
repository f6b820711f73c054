package org.unsilo.gmail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.unsilo.http.ApiException;

/**
 * The event object Google posts to an HTTP add-on endpoint (the parts Unsilo reads). Google adds fields over time,
 * so unknown ones are ignored here; what is read is checked where it is used.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AddOnEvent(CommonEventObject commonEventObject, AuthorizationEventObject authorizationEventObject,
                         GmailEventObject gmail) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CommonEventObject(String hostApp, String platform, TimeZone timeZone, Map<String, String> parameters,
                                    Map<String, FormInput> formInputs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TimeZone(String id, Long offset) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FormInput(StringInputs stringInputs) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StringInputs(List<String> value) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuthorizationEventObject(String userOAuthToken, String userIdToken, String systemIdToken) {
    }

    /** Message context ({@code messageId}, {@code accessToken}) or, for compose triggers, the draft's recipients. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GmailEventObject(String messageId, String threadId, String accessToken, List<String> toRecipients,
                                   List<String> ccRecipients, List<String> bccRecipients) {
    }

    /** An action parameter set on the clicked widget, or null. */
    public String parameter(String key) {
        return commonEventObject == null || commonEventObject.parameters() == null
                ? null : commonEventObject.parameters().get(key);
    }

    /** An action parameter that is an id; a card of ours sends no other, so anything else is a 400. */
    public long idParameter(String key) {
        String raw = parameter(key);
        try {
            long id = Long.parseLong(raw == null ? "" : raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // the problem below
        }
        throw ApiException.badRequest("action parameter is not a valid id: '" + raw + "'");
    }

    /** The first value typed into the form input {@code name}, or null when it was left empty. */
    public String formValue(String name) {
        if (commonEventObject == null || commonEventObject.formInputs() == null) {
            return null;
        }
        FormInput input = commonEventObject.formInputs().get(name);
        if (input == null || input.stringInputs() == null || input.stringInputs().value() == null
                || input.stringInputs().value().isEmpty()) {
            return null;
        }
        String v = input.stringInputs().value().get(0);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The user's time zone as Gmail reports it; UTC when it is missing or unknown to Java. */
    public ZoneId zone() {
        String id = commonEventObject == null || commonEventObject.timeZone() == null ? null : commonEventObject.timeZone().id();
        try {
            return id == null ? ZoneOffset.UTC : ZoneId.of(id);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    public String systemIdToken() {
        return authorizationEventObject == null ? null : authorizationEventObject.systemIdToken();
    }

    public String userIdToken() {
        return authorizationEventObject == null ? null : authorizationEventObject.userIdToken();
    }

    public String userOAuthToken() {
        return authorizationEventObject == null ? null : authorizationEventObject.userOAuthToken();
    }
}
