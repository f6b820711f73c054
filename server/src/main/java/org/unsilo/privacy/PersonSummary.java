package org.unsilo.privacy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.unsilo.contacts.Views;

/**
 * What an admin sees before exporting or erasing a person: everything the export holds, every address that erasure
 * will remove and suppress, and how many messages will lose their subject and text because the person is the only
 * contact on them.
 */
public record PersonSummary(PersonExport held, List<String> addresses, int messagesStripped) {

    public PersonSummary {
        addresses = List.copyOf(addresses);
    }

    /** Rows naming the person on messages: one per message and role in which they appear. */
    public int messageParties() {
        return held.messages().stream().mapToInt(m -> m.appearances().size()).sum();
    }

    /** The organisations of the contact and of the contacts merged into it, each once. */
    public List<String> organizations() {
        Stream<Views.OrganizationRef> main = held.contact() == null ? Stream.empty() : Stream.of(held.contact().organization());
        return Stream.concat(main, held.mergedContacts().stream().map(Views.Contact::organization))
                .filter(Objects::nonNull).map(Views.OrganizationRef::name).distinct().toList();
    }

    public boolean nothingHeld() {
        return held.contact() == null && held.mergedContacts().isEmpty() && held.messages().isEmpty()
                && held.audit().isEmpty() && held.importIssues().isEmpty();
    }
}
