package org.unsilo.importer.contacts;

import java.util.ArrayList;
import java.util.List;
import org.unsilo.importer.ImportCounts;

/**
 * Names of the counters a contact import keeps in its job row, and the closing summary made from
 * them. Every record read ends in exactly one record outcome and every e-mail value in exactly one
 * address outcome, so the numbers add up to what the file holds.
 */
public final class ContactCounts {

    public static final String RECORDS = "records";

    public static final String CREATED = "contacts.created";
    /** Of {@link #CREATED}: cards with a name but no usable address. */
    public static final String CREATED_WITHOUT_ADDRESS = "contacts.createdWithoutAddress";
    public static final String MERGED = "contacts.merged";
    public static final String UNCHANGED = "contacts.unchanged";
    public static final String SKIPPED_UNREADABLE = "skipped.unreadable";
    public static final String SKIPPED_EMPTY = "skipped.noNameOrAddress";
    public static final String SKIPPED_COMPANY_CARD = "skipped.companyCard";
    public static final String SKIPPED_NOT_A_CONTACT = "skipped.notAContact";
    public static final String SKIPPED_FAILED = "skipped.failed";

    public static final String ADDRESSES_ADDED = "addresses.added";
    public static final String ADDRESSES_KNOWN = "addresses.known";
    public static final String ADDRESSES_REPEATED = "addresses.repeated";
    public static final String ADDRESSES_OTHER_CONTACT = "addresses.otherContact";
    public static final String ADDRESSES_INVALID = "addresses.invalid";
    public static final String ADDRESSES_INTERNAL = "addresses.internal";
    public static final String ADDRESSES_BLOCKED = "addresses.blocked";
    public static final String ADDRESSES_AUTOMATED = "addresses.automated";

    public static final String ORGANIZATIONS_CREATED = "organizations.created";
    /** A field the file had a different value for, kept because a person edited it. */
    public static final String FIELDS_KEPT_EDITED = "fields.keptEdited";
    /** Lines inside a record that could not be read (the rest of the record was used). */
    public static final String LINES_SKIPPED = "lines.skipped";

    private static final List<String> RECORD_OUTCOMES = List.of(CREATED, MERGED, UNCHANGED, SKIPPED_UNREADABLE,
            SKIPPED_EMPTY, SKIPPED_COMPANY_CARD, SKIPPED_NOT_A_CONTACT, SKIPPED_FAILED);
    private static final List<String> ADDRESS_OUTCOMES = List.of(ADDRESSES_ADDED, ADDRESSES_KNOWN, ADDRESSES_REPEATED,
            ADDRESSES_OTHER_CONTACT, ADDRESSES_INVALID, ADDRESSES_INTERNAL, ADDRESSES_BLOCKED, ADDRESSES_AUTOMATED);

    private ContactCounts() {
    }

    /** E-mail values seen in the file: every one of them ends in one address outcome. */
    public static long emailValues(ImportCounts c) {
        return ADDRESS_OUTCOMES.stream().mapToLong(c::get).sum();
    }

    /** Records with one outcome each; equals {@link #RECORDS} when the import is complete. */
    public static long recordOutcomes(ImportCounts c) {
        return RECORD_OUTCOMES.stream().mapToLong(c::get).sum();
    }

    public static long skipped(ImportCounts c) {
        return c.get(SKIPPED_UNREADABLE) + c.get(SKIPPED_EMPTY) + c.get(SKIPPED_COMPANY_CARD)
                + c.get(SKIPPED_NOT_A_CONTACT) + c.get(SKIPPED_FAILED);
    }

    /** The closing summary, one line each, as the CLI prints it. */
    public static List<String> summary(ImportCounts c) {
        List<String> out = new ArrayList<>();
        line(out, "records read", c.get(RECORDS), null);
        line(out, "contacts created", c.get(CREATED), c.get(CREATED_WITHOUT_ADDRESS) > 0
                ? c.get(CREATED_WITHOUT_ADDRESS) + " without an e-mail address" : null);
        line(out, "contacts merged", c.get(MERGED), c.get(MERGED) > 0 ? "existing contacts given new addresses or empty fields" : null);
        line(out, "contacts unchanged", c.get(UNCHANGED), null);
        line(out, "e-mail addresses added", c.get(ADDRESSES_ADDED), c.get(ADDRESSES_KNOWN) > 0
                ? c.get(ADDRESSES_KNOWN) + " more already known" : null);
        line(out, "organisations created", c.get(ORGANIZATIONS_CREATED), null);
        if (c.get(FIELDS_KEPT_EDITED) > 0) {
            line(out, "fields kept as edited", c.get(FIELDS_KEPT_EDITED), "a person changed them; the file's value was not used");
        }
        line(out, "records skipped", skipped(c), null);
        sub(out, c, SKIPPED_UNREADABLE, "unreadable");
        sub(out, c, SKIPPED_EMPTY, "no name and no usable address");
        sub(out, c, SKIPPED_COMPANY_CARD, "organisation card, no address");
        sub(out, c, SKIPPED_NOT_A_CONTACT, "colleague/blocked/automated only");
        sub(out, c, SKIPPED_FAILED, "could not be stored");
        long unused = c.get(ADDRESSES_REPEATED) + c.get(ADDRESSES_OTHER_CONTACT) + c.get(ADDRESSES_INVALID)
                + c.get(ADDRESSES_INTERNAL) + c.get(ADDRESSES_BLOCKED) + c.get(ADDRESSES_AUTOMATED);
        line(out, "addresses not used", unused, null);
        sub(out, c, ADDRESSES_INVALID, "invalid");
        sub(out, c, ADDRESSES_INTERNAL, "internal (staff, company domain)");
        sub(out, c, ADDRESSES_BLOCKED, "blocked by an admin rule or erased on request");
        sub(out, c, ADDRESSES_AUTOMATED, "automated sender (no-reply...)");
        sub(out, c, ADDRESSES_OTHER_CONTACT, "belong to another contact");
        sub(out, c, ADDRESSES_REPEATED, "repeated in the same record");
        if (c.get(LINES_SKIPPED) > 0) {
            line(out, "unreadable lines in records", c.get(LINES_SKIPPED), "the rest of those records was used");
        }
        return out;
    }

    private static void line(List<String> out, String label, long n, String note) {
        out.add(String.format("  %-36s %6d%s", label, n, note == null ? "" : "   (" + note + ")"));
    }

    private static void sub(List<String> out, ImportCounts c, String key, String label) {
        long n = c.get(key);
        if (n > 0) {
            out.add(String.format("    %-34s %6d", label, n));
        }
    }
}
