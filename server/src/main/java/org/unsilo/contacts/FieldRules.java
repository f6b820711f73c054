package org.unsilo.contacts;

import java.util.List;
import java.util.Objects;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.TextRule;

/**
 * What people may type into a contact (name, job title, phones) and as an organisation's name. {@link ContactService}
 * and {@link OrganizationService} hold every change to them, whichever way it comes (API, Gmail add-on, web view), to
 * these rules; the API checks them first as well, so that one answer lists all of a request's problems, and the Gmail
 * add-on before it asks about a rename, so that nothing is saved when the rename would be refused.
 *
 * <p>A contact's value identical to one it holds already is not a change and passes ({@link Stored}): values stored
 * before a rule existed (a 60-character phone imported earlier) stay as they are, and the add-ons' forms and the API's
 * PATCH send back all of a contact's phones, so refusing them would refuse every later save of that contact, even of
 * its job title.
 */
public final class FieldRules {

    public static final int NAME_MAX = 300;
    public static final int TITLE_MAX = 300;
    public static final int PHONE_MAX = 50;
    /** How many phones a contact may be given. */
    public static final int PHONES_MAX = 20;
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

    /** What a contact holds now; a new contact holds {@link #NONE}. */
    public record Stored(String name, String title, List<String> phones) {

        public static final Stored NONE = new Stored(null, null, List.of());

        public Stored {
            phones = phones == null ? List.of() : List.copyOf(phones);
        }

        /** {@code contact} as its edits are judged against; {@link #NONE} for null (a new contact). */
        public static Stored of(Views.Contact contact) {
            return contact == null ? NONE : new Stored(contact.name(), contact.title(), contact.phones());
        }
    }

    /** A contact's name; null (left as it is) and the name it has pass. */
    public static void name(String name, Stored stored, Problems out) {
        if (!Objects.equals(name, stored.name())) {
            line("name", "the name", name, NAME_MAX, out);
        }
    }

    /** A contact's job title; null (left as it is), empty (cleared) and the title it has pass. */
    public static void title(String title, Stored stored, Problems out) {
        if (!Objects.equals(title, stored.title())) {
            line("title", "the job title", title, TITLE_MAX, out);
        }
    }

    /**
     * A contact's phones; null (left as they are) and each phone it has already pass, a blank new entry does not. A
     * problem names the entry by its place in {@code phones}. At most {@link #PHONES_MAX}, or as many as the contact
     * holds already (an address book may have given it more), so that sending them back is no change.
     */
    public static void phones(List<String> phones, Stored stored, Problems out) {
        if (phones == null) {
            return;
        }
        if (phones.size() > Math.max(PHONES_MAX, stored.phones().size())) {
            out.add("phones", "the list of phone numbers", "has " + phones.size() + " entries; at most " + PHONES_MAX
                    + " are accepted");
        }
        for (int i = 0; i < phones.size(); i++) {
            if (phones.get(i) != null && stored.phones().contains(phones.get(i))) {
                continue;
            }
            String field = "phones[" + i + "]";
            String label = phones.size() == 1 ? "the phone number" : "phone number " + (i + 1);
            if (phones.get(i) == null || phones.get(i).isBlank()) {
                out.add(field, label, "is required");
            }
            line(field, label, phones.get(i), PHONE_MAX, out);
        }
    }

    /**
     * The name an organisation that has {@code held} (null for none) is given when {@code sent}: null when it keeps its
     * name, else {@code sent} without the spaces around it. It keeps it when none is sent, or the name it has, as it is
     * or with spaces around it: a client sends the organisation back as it read it, and what it has is no change, even
     * a name stored with spaces around it (before names were trimmed) or one those rules would refuse now.
     */
    public static String organizationRename(String sent, String held) {
        if (sent == null || sent.equals(held) || sent.strip().equals(held)) {
            return null;
        }
        return sent.strip();
    }

    /** An organisation's name as sent, judged as the name {@link #organizationRename} gives it; a blank one is refused. */
    public static void organizationName(String name, String held, Problems out) {
        String renamed = organizationRename(name, held);
        if (renamed == null) {
            return;
        }
        line("name", "the organisation's name", renamed, ORGANIZATION_NAME_MAX, out);
        if (renamed.isEmpty()) {
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
