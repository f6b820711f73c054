package org.unsilo.acceptance;

import java.util.Map;
import java.util.Set;

/**
 * Which isemail outcomes Unsilo accepts as a bare address ({@code Party.of}). This is the table in
 * docs/addresses.md, written as code: a category decides unless a diagnosis or one of the two input
 * rules below says otherwise. Rule 1 applies only to the parser for addresses read off real mail;
 * the strict parser (addresses people type) rejects every ERR case. Keep both in step.
 */
final class AddressPolicy {

    enum Treatment { ACCEPT, REJECT }

    /** Default treatment per isemail category. */
    static final Map<String, Treatment> BY_CATEGORY = Map.of(
            "ISEMAIL_VALID_CATEGORY", Treatment.ACCEPT,
            "ISEMAIL_DNSWARN", Treatment.ACCEPT,           // syntax is fine; DNS was checked in 2010, we never look
            "ISEMAIL_RFC5321", Treatment.ACCEPT,           // quoted local parts, address literals, dotless domains
            "ISEMAIL_CFWS", Treatment.REJECT,              // comments / folding inside a bare address
            "ISEMAIL_DEPREC", Treatment.REJECT,            // obsolete syntax nobody sends any more
            "ISEMAIL_RFC5322", Treatment.REJECT,           // over-long parts, non-IP domain literals
            "ISEMAIL_ERR", Treatment.REJECT);

    /** Diagnoses treated differently from their category. */
    static final Map<String, Treatment> BY_DIAGNOSIS = Map.of(
            // 'test@iana.123', 'foobar@192.168.0.1': no TLD is numeric and an IP is only an address in brackets.
            "ISEMAIL_RFC5321_TLDNUMERIC", Treatment.REJECT,
            // RFC 5321 allows at most 6 IPv6 groups beside '::'; isemail 3.05 itself moved this to DEPREC.
            "ISEMAIL_RFC5321_IPV6DEPRECATED", Treatment.REJECT);

    /** Dot misplacement that we tolerate in an unquoted local part (see {@link #misplacedDotsInLocalPart}). */
    static final Set<String> DOT_DIAGNOSES =
            Set.of("ISEMAIL_ERR_DOT_START", "ISEMAIL_ERR_DOT_END", "ISEMAIL_ERR_CONSECUTIVEDOTS");

    private AddressPolicy() {
    }

    static Treatment expected(IsEmailCase c, boolean observedMail) {
        if (observedMail && isRuleOne(c)) {
            return Treatment.ACCEPT;
        }
        if (c.diagnosis().equals("ISEMAIL_CFWS_FWS") && onlySurroundingBlanks(c.address())) {
            return Treatment.ACCEPT;
        }
        Treatment t = BY_DIAGNOSIS.getOrDefault(c.diagnosis(), BY_CATEGORY.get(c.category()));
        if (t == null) {
            throw new IllegalStateException("no policy for category " + c.category() + " of " + c);
        }
        return t;
    }

    /** The rule name shown in the report for a case. */
    static boolean isRuleOne(IsEmailCase c) {
        return DOT_DIAGNOSES.contains(c.diagnosis()) && misplacedDotsInLocalPart(c.address());
    }

    static String rule(IsEmailCase c) {
        if (isRuleOne(c)) {
            return "local-part dots (rule 1)";
        }
        if (c.diagnosis().equals("ISEMAIL_CFWS_FWS") && onlySurroundingBlanks(c.address())) {
            return "surrounding blanks (rule 2)";
        }
        return BY_DIAGNOSIS.containsKey(c.diagnosis()) ? "diagnosis " + c.diagnosis() : "category " + c.category();
    }

    /**
     * Rule 1: an unquoted local part with a leading, trailing or doubled dot ({@code k..allen@enron.com},
     * {@code .williams@enron.com} — real addresses in the Enron corpus) at an otherwise clean domain.
     * A local part made only of dots is still an error.
     */
    static boolean misplacedDotsInLocalPart(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        boolean hasText = local.chars().anyMatch(ch -> ch != '.');
        boolean cleanDomain = !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
        return hasText && local.indexOf('"') < 0 && local.indexOf('@') < 0 && cleanDomain;
    }

    /** Rule 2: spaces or tabs before or after an otherwise plain address are trimmed, as any form does. */
    static boolean onlySurroundingBlanks(String address) {
        String trimmed = trimBlanks(address);
        return !trimmed.equals(address) && trimmed.chars().noneMatch(ch -> ch == '\r' || ch == '\n' || ch == '(');
    }

    static String trimBlanks(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }
}
