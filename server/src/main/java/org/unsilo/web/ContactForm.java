package org.unsilo.web;

import org.unsilo.contacts.FieldRules;
import org.unsilo.contacts.Views;

/** What a contact's edit form shows: the contact as stored, or what was typed when saving it was refused. */
public record ContactForm(String name, String title, String phones, String addEmail) {

    /**
     * Between the phones of the form's one phones field: a line each, since a phone may hold a comma (an extension)
     * and a form saved with the phones split at it would turn one stored phone into two.
     */
    private static final String PHONE_SEPARATOR = "\n";

    /** A browser sends each line break of a textarea as CR LF (HTML's form submission rules). */
    private static final String LINE_BREAK_AS_SENT = "\r\n";

    static ContactForm of(Views.ContactDetail contact) {
        return new ContactForm(contact.name(), contact.title(), String.join(PHONE_SEPARATOR, contact.phones()), null);
    }

    /**
     * How long the phones field may be: as many phones as long as {@link FieldRules} allow, or the phones the contact
     * holds (which the form comes filled in with and sends back) when they are longer, so that it never refuses what
     * the API or an address book gave the contact before the rules judge each phone.
     */
    static int phonesMaxLength(FieldRules.Stored stored) {
        int allowed = FieldRules.PHONES_MAX * (FieldRules.PHONE_MAX + LINE_BREAK_AS_SENT.length());
        return Math.max(allowed, String.join(LINE_BREAK_AS_SENT, stored.phones()).length());
    }
}
