package org.unsilo.exports;

import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardWriter;
import ezvcard.property.Email;
import ezvcard.property.Kind;
import ezvcard.property.Organization;
import ezvcard.property.Uid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.unsilo.common.Search;
import org.unsilo.contacts.ContactService;
import org.unsilo.contacts.NameCursor;
import org.unsilo.contacts.OrganizationService;
import org.unsilo.contacts.Views;
import org.unsilo.store.Database;
import org.unsilo.store.ExportDao;
import org.unsilo.store.SupportDao;

/**
 * Contacts and organisations as CSV and vCard 4.0, written page by page (a few hundred records in memory at a time)
 * to a writer that the caller streams out (and closes: the printers here are only flushed).
 *
 * <p>Visibility: contacts and organisations are the company's shared records — every signed-in user sees all of
 * them through {@code GET /api/v1/contacts} and lookups — so an export holds every current (not merged) contact or
 * organisation. It holds no conversation: no subject, snippet, date or participant of any message, so nothing of a
 * private conversation can reach anyone through it. Every export is audit-logged with who took it and how many
 * records it held.
 *
 * <p>The contacts CSV uses column names that {@code unsilo import contacts} recognises ("Name", "E-mail", "Phone",
 * "Job Title", "Company"; several addresses or phones in one cell separated by " ::: ", as Google writes them), so
 * an export re-imports unchanged; the extra columns are ignored by the importer.
 */
public final class ExportService {

    /** Rows read per database round trip. */
    static final int PAGE = 500;
    static final List<String> CONTACT_HEADER = List.of("Name", "E-mail", "Phone", "Job Title", "Company",
            "Organization Domain", "Unsilo ID");
    static final List<String> ORGANIZATION_HEADER = List.of("Name", "Domain", "Other Domains", "Contacts", "Created",
            "Unsilo ID");
    /** Google's separator for several values in one cell, which the importer splits on. */
    static final String MULTI_VALUE = " ::: ";
    /** A cell a spreadsheet would run as a formula (CSV injection); phone numbers such as "+1 713" are left alone. */
    private static final Pattern FORMULA = Pattern.compile("^[=+\\-@\\t\\r].*", Pattern.DOTALL);
    private static final Pattern PHONE = Pattern.compile("^[+\\-]?[0-9 ()./\\-]+(\\s*(x|ext\\.?)\\s*[0-9]+)?$");

    private final Database db;
    private final ContactService contacts;
    private final OrganizationService organizations;
    private final Clock clock;

    public ExportService(Database db, ContactService contacts, OrganizationService organizations, Clock clock) {
        this.db = db;
        this.contacts = contacts;
        this.organizations = organizations;
        this.clock = clock;
    }

    /** Every contact as one CSV row; returns how many were written. */
    public long contactsCsv(long viewerId, Writer out) {
        try {
            CSVPrinter csv = printer(out, CONTACT_HEADER);
            long n = eachContact(c -> csv.printRecord(safe(c.name()), String.join(MULTI_VALUE, c.emails()),
                    String.join(MULTI_VALUE, c.phones().stream().map(ExportService::safePhone).toList()), safe(c.title()),
                    c.organization() == null ? null : safe(c.organization().name()),
                    c.organization() == null ? null : c.organization().domain(), c.id()));
            csv.flush();
            audit(viewerId, "contacts.csv", n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every contact as a vCard 4.0 card; returns how many were written. */
    public long contactsVcard(long viewerId, Writer out) {
        try {
            VCardWriter cards = new VCardWriter(out, VCardVersion.V4_0);
            long n = eachContact(c -> cards.write(card(c)));
            cards.flush();
            audit(viewerId, "contacts.vcf", n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every organisation as one CSV row; returns how many were written. */
    public long organizationsCsv(long viewerId, Writer out) {
        try {
            CSVPrinter csv = printer(out, ORGANIZATION_HEADER);
            long n = 0;
            NameCursor after = NameCursor.FIRST;
            while (true) {
                List<Views.Organization> page = organizations.list(Search.ALL, after, PAGE);
                if (page.isEmpty()) {
                    break;
                }
                Map<Long, Long> counts = new HashMap<>();
                db.read(h -> h.attach(ExportDao.class).contactCounts(page.stream().map(Views.Organization::id).toList()))
                        .forEach(c -> counts.put(c.id(), c.count()));
                for (Views.Organization o : page) {
                    csv.printRecord(safe(o.name()), o.domain(), String.join(MULTI_VALUE, o.domains()),
                            counts.getOrDefault(o.id(), 0L), o.createdAt(), o.id());
                    n++;
                }
                after = NameCursor.after(page.get(page.size() - 1));
            }
            csv.flush();
            audit(viewerId, "organizations.csv", n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface RowWriter {
        void write(Views.Contact contact) throws IOException;
    }

    private long eachContact(RowWriter row) throws IOException {
        long n = 0;
        NameCursor after = NameCursor.FIRST;
        while (true) {
            List<Views.Contact> page = contacts.search(Search.ALL, 0, after, PAGE);
            if (page.isEmpty()) {
                return n;
            }
            for (Views.Contact c : page) {
                row.write(c);
                n++;
            }
            after = NameCursor.after(page.get(page.size() - 1));
        }
    }

    private static VCard card(Views.Contact c) {
        VCard card = new VCard();
        card.setKind(Kind.individual());
        // FN is the one property vCard 4.0 requires.
        card.setFormattedName(c.name() != null ? c.name() : c.emails().isEmpty() ? "Contact " + c.id() : c.emails().get(0));
        for (int i = 0; i < c.emails().size(); i++) {
            Email email = card.addEmail(c.emails().get(i));
            if (i == 0 && c.emails().size() > 1) {
                email.setPref(1);
            }
        }
        c.phones().forEach(card::addTelephoneNumber);
        if (c.title() != null) {
            card.addTitle(c.title());
        }
        if (c.organization() != null) {
            Organization org = new Organization();
            org.getValues().add(c.organization().name());
            card.setOrganization(org);
        }
        card.setUid(new Uid("urn:unsilo:contact:" + c.id()));
        return card;
    }

    private static CSVPrinter printer(Writer out, List<String> header) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(out);
    }

    static String safe(String cell) {
        return cell != null && FORMULA.matcher(cell).matches() ? "'" + cell : cell;
    }

    static String safePhone(String phone) {
        return PHONE.matcher(phone).matches() ? phone : safe(phone);
    }

    private void audit(long viewerId, String what, long count) {
        long now = clock.millis();
        db.write(h -> h.attach(SupportDao.class).audit(viewerId, "export." + what, "export", null, null,
                "{\"records\":" + count + "}", now));
    }
}
