package org.unsilo.gmail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unsilo.activity.ActivityRecorder;
import org.unsilo.capture.AddressParser;
import org.unsilo.capture.ParsedParty;
import org.unsilo.capture.Party;
import org.unsilo.capture.RobotSenders;
import org.unsilo.contacts.LookupService;
import org.unsilo.contacts.Views;
import org.unsilo.store.UserRow;

/** What the CRM knows about the people on a message, a draft or a contact form, as the viewer may see it. */
final class PeopleLookup {

    /** A party and the header it came from. */
    record OnMail(String role, Party party) {
    }

    /** The people a card shows, and how many more there are that it cannot (Google's limit on a card's sections). */
    record Listed(List<Person> shown, int notLookedUp) {
    }

    /** A party as read: the header it came from, and its parsed address (or why it is not one). */
    private record Parsed(String role, Party party, ParsedParty parsed) {

        /** The same address is the same person, however it was written. */
        String key() {
            return parsed.isValid() ? parsed.email().address() : party.original();
        }
    }

    private final LookupService lookup;
    private final ActivityRecorder activity;
    private final AddressParser parser;
    private final RobotSenders robots;

    PeopleLookup(LookupService lookup, ActivityRecorder activity, AddressParser parser, RobotSenders robots) {
        this.lookup = lookup;
        this.activity = activity;
        this.parser = parser;
        this.robots = robots;
    }

    /**
     * The people on a message or draft, once per address (the first role wins, so the sender comes first, then To
     * and Cc in header order), without the mailbox owner (as in the Outlook pane); only those a card can show are
     * looked up.
     */
    Listed on(List<OnMail> parties, UserRow viewer, boolean listMail) {
        Map<String, Parsed> distinct = new LinkedHashMap<>();
        for (OnMail p : parties) {
            Parsed parsed = party(p.role(), p.party());
            if (!parsed.key().equalsIgnoreCase(viewer.email())) {
                distinct.putIfAbsent(parsed.key(), parsed);
            }
        }
        List<Parsed> all = List.copyOf(distinct.values());
        List<Parsed> shown = all.subList(0, Math.min(all.size(), Cards.PEOPLE_SHOWN));
        return new Listed(people(shown, viewer, listMail), all.size() - shown.size());
    }

    /** The person of a contact, looked up at its first address. */
    Person of(Views.Contact contact, UserRow viewer) {
        if (contact.emails().isEmpty()) {
            return new Person("Contact", contact.name(), new Views.LookupResult("", true, false, contact,
                    contact.organization(), List.of(), List.of(), null, null), null);
        }
        return people(List.of(party("Contact", Party.of(contact.emails().get(0), contact.name()))), viewer, false).get(0);
    }

    /** The person at {@code address}, as written (it may not be a valid one). */
    Person at(String address, UserRow viewer) {
        return people(List.of(party("Contact", Party.raw(address))), viewer, false).get(0);
    }

    private Parsed party(String role, Party party) {
        return new Parsed(role, party, parser.parse(party));
    }

    /**
     * What the CRM knows about each party, as the viewer may see it.
     *
     * @param listMail the parties are on list or bulk mail, whose sender the capture rules never make a contact
     */
    private List<Person> people(List<Parsed> parties, UserRow viewer, boolean listMail) {
        List<Views.LookupResult> results = lookup.lookup(parties.stream().map(Parsed::party).toList(), viewer.id());
        activity.record(viewer.id(), "lookup", null, Integer.toString(parties.size()));
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < parties.size(); i++) {
            Parsed p = parties.get(i);
            String automated = !p.parsed().isValid() ? null
                    : robots.isRobot(p.parsed().email()) ? "Automated sender"
                    : listMail && p.role().equals("From") ? "Bulk or list sender"
                    : null;
            people.add(new Person(p.role(), p.parsed().isValid() ? p.parsed().name() : null, results.get(i), automated));
        }
        return people;
    }
}
