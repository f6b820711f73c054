package org.unsilo.gmail;

import java.util.Optional;
import org.unsilo.common.InvalidFieldException;
import org.unsilo.common.Search;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.contacts.Views;

/**
 * The organisation a contact is saved with from the add-on's form, by the Outlook pane's rule: none when the field
 * is left empty (a contact that had one leaves it); the one it has when the typed name is that one's; else the
 * existing organisation with exactly that name (case ignored) or domain, the oldest when several share it; else the
 * one it has, renamed to the typed name for everyone in it (which the form asks about first). A name that matches
 * none is refused when there is no organisation to rename: organisations come from the mail's domains.
 */
final class OrganizationChoice {

    /**
     * The organisation to save a contact with (null: none), and the new name it is to have for everyone (null: keeps
     * its name).
     */
    record Choice(Views.OrganizationRef organization, String renameTo) {

        boolean renames() {
            return renameTo != null;
        }
    }

    private final OrganizationService organizations;

    OrganizationChoice(OrganizationService organizations) {
        this.organizations = organizations;
    }

    /**
     * @param typed what the form's organisation field holds, or null when it was left empty
     * @param current the contact's organisation (for a new contact, its address's), or null
     * @throws InvalidFieldException when no organisation has the typed name and there is none to rename
     */
    Choice choose(String typed, Views.OrganizationRef current) {
        if (typed == null) {
            return new Choice(null, null);
        }
        if (current != null && current.name().equalsIgnoreCase(typed)) {
            return new Choice(current, null);
        }
        Optional<Views.OrganizationRef> named = organizations.list(Search.exactly(typed), NameCursor.FIRST, 1).stream()
                .map(o -> new Views.OrganizationRef(o.id(), o.name(), o.domain()))
                .findFirst();
        if (named.isPresent()) {
            return new Choice(named.get(), null);
        }
        if (current == null) {
            throw new InvalidFieldException("organization", "no organisation in Unsilo is called “" + typed
                    + "”. Type the name of an existing one, or leave it empty.");
        }
        return new Choice(current, typed);
    }
}
