package org.unsilo.gmail;

import org.unsilo.contacts.Views;

/**
 * Someone on a message or draft as a card shows them: the role they have there, what the CRM knows
 * ({@link Views.LookupResult}), the display name from the header, and why the capture rules would not make them a
 * contact ({@code automated}: "Automated sender", "Bulk or list sender"; null for a person).
 */
public record Person(String role, String name, Views.LookupResult lookup, String automated) {

    public boolean valid() {
        return lookup.error() == null;
    }

    /**
     * A member of our team: an address of a staff account or of the company's own domains, as the lookup decides it
     * for the Outlook pane too ({@link Views.LookupResult#internal}). Colleagues are shown as such and never saved or
     * edited as contacts, even one with a contact record (one made before they joined).
     */
    public boolean colleague() {
        return lookup.internal();
    }

    /** Someone who may be saved as a new contact: a valid outside address of a human, not yet in the CRM. */
    public boolean savable() {
        return valid() && !colleague() && automated == null && !lookup.known();
    }

    public String status() {
        if (!valid()) {
            return "Not a valid address (" + lookup.error() + ")";
        }
        if (colleague()) {
            return "Colleague";
        }
        if (lookup.known()) {
            return "Known contact";
        }
        if (automated != null) {
            return automated + ": not a contact";
        }
        return "New: not in Unsilo yet";
    }

    /** The name to show: the contact's, else the header's, else the address. */
    public String label() {
        if (lookup.contact() != null && lookup.contact().name() != null && !lookup.contact().name().isBlank()) {
            return lookup.contact().name();
        }
        return name != null && !name.isBlank() ? name : lookup.address();
    }
}
