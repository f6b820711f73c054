package org.unsilo.gmail;

/** What the contact form sends; an empty field is null. */
record ContactForm(String name, String title, String phone, String organization) {

    static ContactForm of(AddOnEvent event) {
        return new ContactForm(event.formValue(Cards.NAME), event.formValue(Cards.TITLE), event.formValue(Cards.PHONE),
                event.formValue(Cards.ORGANIZATION));
    }

    /** Why the form cannot be saved as it is, or null. */
    String problem() {
        return name != null && name.length() > 300 ? "The name is too long (at most 300 characters)."
                : title != null && title.length() > 300 ? "The job title is too long (at most 300 characters)."
                : phone != null && phone.length() > 50 ? "The phone number is too long (at most 50 characters)."
                : organization != null && organization.length() > 300
                        ? "The organisation is too long (at most 300 characters)."
                : null;
    }
}
