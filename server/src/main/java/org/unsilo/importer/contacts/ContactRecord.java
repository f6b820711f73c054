package org.unsilo.importer.contacts;

import java.util.List;

/**
 * One card or CSV row, reduced to the fields Unsilo keeps, before anything is checked against the store.
 *
 * @param number     1-based position in the file: the unit of the job checkpoint and of every issue
 * @param label      how a person finds the record again, e.g. {@code card 5 (line 36)}
 * @param name       display name as the address book formats it, or null
 * @param companyCard an organisation's own card (Apple's "company" cards): a name that is not a person's
 * @param emails     e-mail values in preference order, each with where it came from
 * @param problems   things in the record that could not be read, reported but not fatal
 * @param unreadable why nothing at all could be read from the record, or null
 */
public record ContactRecord(long number, String label, String name, boolean companyCard, List<Value> emails,
                            List<String> phones, String title, String organization, List<Problem> problems,
                            String unreadable) {

    /** A raw value and where it sits in the record ({@code EMAIL 2}, {@code column 'E-mail 2 Address'}). */
    public record Value(String where, String value) {
    }

    /** Something in a record that was skipped, with its own place so each is reported once. */
    public record Problem(String where, String reason) {
    }

    static ContactRecord unreadable(long number, String label, String reason) {
        return new ContactRecord(number, label, null, false, List.of(), List.of(), null, null, List.of(), reason);
    }

    /** A record that was only cut out and counted, not parsed. */
    static ContactRecord counted(long number, String label) {
        return new ContactRecord(number, label, null, false, List.of(), List.of(), null, null, List.of(), null);
    }

    boolean isUnreadable() {
        return unreadable != null;
    }
}
