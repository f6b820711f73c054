package org.unsilo.gmail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unsilo.contacts.FieldRules;
import org.unsilo.contacts.Views;

/** What the contact form sends; an empty field is null. */
record ContactForm(String name, String title, String phone, String organization) {

    static ContactForm of(AddOnEvent event) {
        return new ContactForm(event.formValue(Cards.NAME), event.formValue(Cards.TITLE), event.formValue(Cards.PHONE),
                event.formValue(Cards.ORGANIZATION));
    }

    /** The form as {@link #parameters()} carried it on to a card of its own that asks something first. */
    static ContactForm carried(AddOnEvent event) {
        return new ContactForm(carried(event, Cards.NAME), carried(event, Cards.TITLE), carried(event, Cards.PHONE),
                carried(event, Cards.ORGANIZATION));
    }

    /** As the form reads its inputs: trimmed, and null when empty. */
    private static String carried(AddOnEvent event, String key) {
        String v = event.parameter(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * The fields as action parameters: Google sends a click only the inputs of the card it is on, so a card that
     * asks before saving (the organisation's rename) carries the form's values on its buttons.
     */
    Map<String, String> parameters() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, Cards.NAME, name);
        put(out, Cards.TITLE, title);
        put(out, Cards.PHONE, phone);
        put(out, Cards.ORGANIZATION, organization);
        return out;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    /**
     * Why the form cannot be saved as it is, or null: the rules the services hold every change to, checked before
     * anything is asked or saved, since a rename of the organisation comes after the contact is saved. The form comes
     * filled in with what the contact holds: a value sent back as it was is no change and passes, as in the services.
     *
     * @param contact the contact the form edits, or null for a new one
     * @param organization the organisation the form was filled in with (the contact's, or for a new contact its
     *                     address's), or null
     */
    String problem(Views.Contact contact, Views.OrganizationRef organization) {
        List<String> found = new ArrayList<>();
        FieldRules.Problems problems = (field, label, problem) -> found.add(label + " " + problem);
        FieldRules.Stored stored = FieldRules.Stored.of(contact);
        FieldRules.name(name, stored, problems);
        FieldRules.title(title, stored, problems);
        FieldRules.phones(phone == null ? null : List.of(phone), stored, problems);
        // That organisation's own name (case ignored, as OrganizationChoice reads it) keeps it, renaming nothing.
        if (organization == null || this.organization == null || !this.organization.equalsIgnoreCase(organization.name())) {
            FieldRules.organizationName(this.organization, null, problems);
        }
        return found.isEmpty() ? null : "Not saved: " + found.get(0) + ".";
    }
}
