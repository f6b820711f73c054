package org.unsilo.web;

import org.unsilo.contacts.Views;

/** What a contact's edit form shows: the contact as stored, or what was typed when saving it was refused. */
public record ContactForm(String name, String title, String phones, String addEmail) {

    static ContactForm of(Views.ContactDetail contact) {
        return new ContactForm(contact.name(), contact.title(), String.join(", ", contact.phones()), null);
    }
}
