package org.unsilo.web;

import java.util.Arrays;
import java.util.List;
import org.unsilo.contacts.FieldRules;
import org.unsilo.contacts.Views;

/** What a contact's edit form shows: the contact as stored, or what was typed when saving it was refused. */
public record ContactForm(String name, String title, String phones, String addEmail) {

    /** Between the phones of the form's one phones field. */
    private static final String PHONE_SEPARATOR = ", ";

    static ContactForm of(Views.ContactDetail contact) {
        return new ContactForm(contact.name(), contact.title(), String.join(PHONE_SEPARATOR, contact.phones()), null);
    }

    /**
     * How long the phones field may be: as many phones as long as {@link FieldRules} allow, or the phones the contact
     * holds (which the form comes filled in with and sends back) when they are longer, so that it never refuses what
     * the API or an address book gave the contact before the rules judge each phone.
     */
    static int phonesMaxLength(FieldRules.Stored stored) {
        int allowed = FieldRules.PHONES_MAX * (FieldRules.PHONE_MAX + PHONE_SEPARATOR.length());
        return Math.max(allowed, String.join(PHONE_SEPARATOR, stored.phones()).length());
    }

    /** The phones typed into the phones field, or null when it was not sent (they stay as they are). */
    static List<String> phoneList(String field) {
        return field == null ? null
                : Arrays.stream(field.split(PHONE_SEPARATOR.strip())).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }
}
