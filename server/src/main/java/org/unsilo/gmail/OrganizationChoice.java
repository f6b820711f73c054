package org.unsilo.gmail;

import org.unsilo.common.InvalidFieldException;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.contacts.Views;
import org.unsilo.http.Requests;

/**
 * The organisation a contact is saved with from the add-on's form, by the Outlook pane's rule: the one it has when
 * the typed name is that one's or left empty; else the existing organisation with exactly that name (case ignored)
 * or domain, the oldest when several share it. A name that matches none is refused: organisations come from the
 * mail's domains, and renaming the contact's own one would rename it for everyone in it.
 */
final class OrganizationChoice {

    private final OrganizationService organizations;

    OrganizationChoice(OrganizationService organizations) {
        this.organizations = organizations;
    }

    /**
     * @param typed what the form's organisation field holds, or null when it was left empty
     * @param current the contact's organisation (for a new contact, its address's), or null
     * @throws InvalidFieldException when no organisation has the typed name
     */
    Views.OrganizationRef choose(String typed, Views.OrganizationRef current) {
        if (typed == null || current != null && current.name().equalsIgnoreCase(typed)) {
            return current;
        }
        return organizations.list(Requests.exactPattern(typed), 0, 1).stream()
                .map(o -> new Views.OrganizationRef(o.id(), o.name(), o.domain()))
                .findFirst()
                .orElseThrow(() -> new InvalidFieldException("organization", "no organisation in Unsilo is called “"
                        + typed + "”. Type the name of an existing one, or "
                        + (current == null ? "leave it empty." : "leave “" + current.name() + "”.")));
    }
}
