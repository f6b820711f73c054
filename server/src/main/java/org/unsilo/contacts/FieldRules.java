package org.unsilo.contacts;

import java.util.List;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.TextRule;

/**
 * What people may type into a contact (name, job title, phones) and as an organisation's name. {@link ContactService}
 * and {@link OrganizationService} hold every change to them, whichever way it comes (API, Gmail add-on, web view), to
 * these rules; the API checks them first as well, so that one answer lists all of a request's problems, and the Gmail
 * add-on before it asks about a rename, so that nothing is saved when the rename would be refused.
 */
public final class FieldRules {

    public static final int NAME_MAX = 300;
    public static final int TITLE_MAX = 300;
    public static final int PHONE_MAX = 50;
    public static final int ORGANIZATION_NAME_MAX = 300;

    /** Told each problem found: the field as the API names it, the field in words, and what is wrong with it. */
    @FunctionalInterface
    public interface Problems {
        void add(String field, String label, String problem);
    }

    /** Refuses the change at the first problem, in words that name the field (the add-ons and the web view show them). */
    public static final Problems REFUSE = (field, label, problem) -> {
        throw new InvalidFieldException(field, label + " " + problem);
    };

    private FieldRules() {
    }

    /** A contact's name; null (left as it is) passes. */
    public static void name(String name, Problems out) {
        line("name", "the name", name, NAME_MAX, out);
    }

    /** A contact's job title; null (left as it is) and empty (cleared) pass. */
    public static void title(String title, Problems out) {
        line("title", "the job title", title, TITLE_MAX, out);
    }

    /** A contact's phones; null (left as they are) passes, a blank entry does not. */
    public static void phones(List<String> phones, Problems out) {
        if (phones == null) {
            return;
        }
        for (int i = 0; i < phones.size(); i++) {
            String field = "phones[" + i + "]";
            String label = phones.size() == 1 ? "the phone number" : "phone number " + (i + 1);
            if (phones.get(i) == null || phones.get(i).isBlank()) {
                out.add(field, label, "is required");
            }
            line(field, label, phones.get(i), PHONE_MAX, out);
        }
    }

    /** An organisation's new name; null (left as it is) passes, a blank one does not. */
    public static void organizationName(String name, Problems out) {
        line("name", "the organisation's name", name, ORGANIZATION_NAME_MAX, out);
        if (name != null && name.isBlank()) {
            out.add("name", "the organisation's name", "must not be blank");
        }
    }

    private static void line(String field, String label, String value, int maxLength, Problems out) {
        String problem = TextRule.problem(value, maxLength, false);
        if (problem != null) {
            out.add(field, label, problem);
        }
    }
}
