package org.unsilo.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What one write transaction changes of what a lookup shows (see {@link WriteStamps}): some contacts and addresses,
 * nothing, or possibly anything. Filled while the transaction runs, applied once it has ended.
 */
public final class Changes {

    private final List<Long> contacts = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private boolean everything;

    private Changes() {
    }

    /** To be filled as the transaction learns what it touched. */
    public static Changes collect() {
        return new Changes();
    }

    /** For a write that touches nothing a lookup reads (tokens' last use, activity, sessions, stored responses). */
    public static Changes none() {
        return new Changes();
    }

    /** The safe default for any other write. */
    public static Changes everything() {
        Changes all = new Changes();
        all.everything = true;
        return all;
    }

    /** A contact's own row, addresses, organisation, relationships or messages changed. */
    public void contacts(Collection<Long> ids) {
        contacts.addAll(ids);
    }

    /** Which contact these addresses belong to may have changed (a new contact, say). */
    public void addresses(Collection<String> emails) {
        addresses.addAll(emails);
    }

    /** Something was changed that many contacts show, such as an organisation's name. */
    public void markEverything() {
        everything = true;
    }

    void applyTo(WriteStamps stamps) {
        if (everything) {
            stamps.everythingChanged();
            return;
        }
        if (!contacts.isEmpty() || !addresses.isEmpty()) {
            stamps.changed(contacts, addresses);
        }
    }
}
