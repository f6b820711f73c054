package org.unsilo.capture;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses and validates addresses with Jakarta Mail's RFC 5322 parser (never a regex), then applies
 * the RFC 5321 limits that a deliverable address must also meet, and normalises: lower-case,
 * IDN domains to ASCII for matching and Unicode for display. Accepted and rejected categories are
 * documented in the README ("Which addresses are accepted").
 */
public final class AddressParser {

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_ADDRESS = 254;

    public ParsedParty parse(Party party) {
        if (party.raw() != null) {
            return parseHeaderValue(party);
        }
        String address = party.address() == null ? "" : party.address().trim();
        String error = validationError(address);
        if (error != null) {
            return ParsedParty.invalid(party, error);
        }
        return ParsedParty.ok(party, normalise(address), NameCleaner.clean(party.name(), null));
    }

    private ParsedParty parseHeaderValue(Party party) {
        String raw = party.raw().trim();
        if (raw.isEmpty()) {
            return ParsedParty.invalid(party, "empty address");
        }
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(raw, false);
        } catch (AddressException e) {
            return ParsedParty.invalid(party, "not an address: " + e.getMessage());
        }
        if (parsed.length != 1) {
            return ParsedParty.invalid(party, parsed.length == 0 ? "empty address" : "more than one address in one party");
        }
        String address = parsed[0].getAddress() == null ? "" : parsed[0].getAddress();
        String error = validationError(address);
        if (error != null) {
            return ParsedParty.invalid(party, error);
        }
        EmailAddress email = normalise(address);
        return ParsedParty.ok(party, email, NameCleaner.clean(parsed[0].getPersonal(), email.address()));
    }

    /** Null when {@code address} is a usable addr-spec, else the reason it is not. */
    String validationError(String address) {
        if (address.isEmpty()) {
            return "empty address";
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "missing '@' and domain";
        }
        if (at == 0) {
            return "missing local part before '@'";
        }
        if (at == address.length() - 1) {
            return "missing domain after '@'";
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "control character in address";
            }
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!isAscii(local)) {
            return "non-ASCII local part (SMTPUTF8 addresses are not supported)";
        }
        String asciiDomain;
        try {
            asciiDomain = domain.startsWith("[") ? domain : IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return "invalid international domain name: " + e.getMessage();
        }
        String ascii = local + "@" + asciiDomain;
        try {
            new InternetAddress(ascii, true).validate();
        } catch (AddressException e) {
            return "invalid address: " + e.getMessage();
        }
        if (local.getBytes(StandardCharsets.US_ASCII).length > MAX_LOCAL_PART) {
            return "local part longer than " + MAX_LOCAL_PART + " characters";
        }
        if (ascii.length() > MAX_ADDRESS) {
            return "address longer than " + MAX_ADDRESS + " characters";
        }
        return domainError(asciiDomain);
    }

    private static String domainError(String domain) {
        if (domain.startsWith("[")) {
            if (!domain.endsWith("]")) {
                return "unclosed domain literal";
            }
            String literal = domain.substring(1, domain.length() - 1);
            String ip = literal.regionMatches(true, 0, "IPv6:", 0, 5) ? literal.substring(5) : literal;
            boolean ipv6Tagged = ip != literal;
            if (!InetAddresses.isInetAddress(ip) || ipv6Tagged != ip.contains(":")) {
                return "domain literal is not an IPv4 or tagged IPv6 address";
            }
            return null;
        }
        if (domain.endsWith(".")) {
            return "domain ends with a dot";
        }
        if (!InternetDomainName.isValid(domain)) {
            return "invalid domain name '" + domain + "'";
        }
        return null;
    }

    private static EmailAddress normalise(String address) {
        int at = address.lastIndexOf('@');
        String local = address.substring(0, at).toLowerCase(Locale.ROOT);
        String domain = address.substring(at + 1);
        String ascii = domain.startsWith("[") ? domain : IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        ascii = ascii.toLowerCase(Locale.ROOT);
        String unicode = ascii.startsWith("[") ? ascii : IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
        return new EmailAddress(local + "@" + ascii, local, ascii, unicode);
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
