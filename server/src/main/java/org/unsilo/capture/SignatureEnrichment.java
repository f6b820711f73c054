package org.unsilo.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.unsilo.capture.SignatureExtractor.Phone;
import org.unsilo.capture.SignatureExtractor.PhoneKind;
import org.unsilo.capture.SignatureExtractor.Signature;
import org.unsilo.store.ContactDao;
import org.unsilo.store.ContactMergeDao;
import org.unsilo.store.ContactRow;
import org.unsilo.store.EnrichmentDao;
import org.unsilo.store.OrganizationDao;
import org.unsilo.store.OrganizationRow;

/**
 * Writes what a sender's signature says into their contact record (DESIGN.md §5.8), inside the capture
 * transaction of the message it came from:
 * <ul>
 *   <li>only fields that are still empty are filled — phones when the contact has none, the title when
 *       it has none — and never a field a person edited ({@code edited_fields}). The first signature to
 *       fill a field wins; later ones with other numbers do not pile up or overwrite;</li>
 *   <li>fax and pager numbers are not ways to reach a person and are not taken;</li>
 *   <li>a company name renames the contact's organisation only while that still carries the name capture
 *       invented from its domain ("Heidrick" → "Heidrick &amp; Struggles, Inc."), only for a name with a
 *       legal form that spells the domain, so a division or a parent named in a signature is not taken;</li>
 *   <li>every value taken gets a {@code contact_enrichment} row naming the message.</li>
 * </ul>
 */
final class SignatureEnrichment {

    /** More numbers than this in one signature are a switchboard list, not one person's phones. */
    private static final int MAX_PHONES = 4;
    private static final Set<PhoneKind> REACHABLE = Set.of(PhoneKind.WORK, PhoneKind.MOBILE, PhoneKind.HOME, PhoneKind.NONE);

    private final ObjectMapper json = new ObjectMapper();

    /**
     * Fills the empty fields of {@code contactId} from {@code signature}, found in message {@code messageId} whose
     * information dates from {@code infoAt} (CaptureService.Prepared#informationAt); true if that renamed the contact's
     * organisation.
     */
    boolean apply(Handle handle, long contactId, Signature signature, long messageId, long now, long infoAt) {
        EnrichmentDao enrichment = handle.attach(EnrichmentDao.class);
        List<Phone> phones = signature.phones().stream().filter(p -> REACHABLE.contains(p.kind())).limit(MAX_PHONES).toList();
        boolean filled = false;
        if (!phones.isEmpty()
                && enrichment.fillPhonesIfEmpty(contactId, phonesJson(phones), now, infoAt) == 1) {
            for (Phone p : phones) {
                enrichment.record(contactId, "phone", p.number(), p.kind() == PhoneKind.NONE ? null : p.kind().wireName(),
                        messageId, now);
            }
            filled = true;
        }
        if (signature.title() != null && enrichment.fillTitleIfEmpty(contactId, signature.title(), now, infoAt) == 1) {
            enrichment.record(contactId, "title", signature.title(), null, messageId, now);
            filled = true;
        }
        if (filled) {
            handle.attach(ContactMergeDao.class).keepTargetInfo(contactId, infoAt);
        }
        return signature.company() != null && SignatureExtractor.hasLegalForm(signature.company())
                && renameOrganization(handle, enrichment, contactId, signature.company(), messageId, now);
    }

    private static boolean renameOrganization(Handle handle, EnrichmentDao enrichment, long contactId, String company,
                                           long messageId, long now) {
        Optional<OrganizationRow> org = handle.attach(ContactDao.class).findById(contactId)
                .map(ContactRow::organizationId)
                .flatMap(id -> handle.attach(OrganizationDao.class).findById(id));
        if (org.isEmpty()) {
            return false;
        }
        String generated = OrganizationInference.nameFromDomain(org.get().domain());
        if (org.get().name().equals(generated) && spellsDomain(company, org.get().domain())
                && enrichment.renameIfGenerated(org.get().id(), generated, company, now) == 1) {
            enrichment.record(contactId, "company", company, null, messageId, now);
            return true;
        }
        return false;
    }

    /** "The New Power Company" spells newpower.com; "Southern California Gas Company" does not spell socalgas.com. */
    static boolean spellsDomain(String company, String domain) {
        String label = letters(domain.substring(0, domain.indexOf('.') < 0 ? domain.length() : domain.indexOf('.')));
        String name = letters(company.strip().replaceFirst("(?i)^the\\s+", ""));
        return label.length() >= 3 && name.startsWith(label);
    }

    private static String letters(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
        return b.toString();
    }

    private String phonesJson(List<Phone> phones) {
        try {
            return json.writeValueAsString(phones.stream().map(Phone::number).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
