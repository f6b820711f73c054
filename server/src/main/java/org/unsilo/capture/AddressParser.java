package org.unsilo.capture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.net.InternetDomainName;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parses and validates addresses with Jakarta Mail's RFC 5322 parser (never a regex), then applies
 * the RFC 5321 rules and limits that a deliverable address must also meet, and normalises:
 * lower-case, IDN domains to ASCII for matching and Unicode for display. Which addresses are
 * accepted, and why, is docs/addresses.md ("Which addresses are accepted"); the acceptance suite
 * checks it against the isemail test set.
 */
public final class AddressParser {

    private static final int MAX_LOCAL_PART = 64;
    private static final int MAX_ADDRESS = 254;

    private final boolean tolerateMisplacedDots;
    /**
     * Addresses checked lately: an {@link EmailAddress}, or the reason the text is not one. The same addresses (staff,
     * regular correspondents) come back in capture after capture and lookup after lookup, and checking one (Jakarta
     * Mail's parser, IDN conversion both ways, the domain rules) was ~15 % of a capture's request-thread CPU. Room for
     * the addresses of a large firm's correspondents (~250 bytes each): with 10,000, a lookup answered from memory
     * spent a quarter of its own time checking the addresses of 100,000 contacts again.
     */
    private final Cache<String, Object> checked = Caffeine.newBuilder().maximumSize(100_000).executor(Runnable::run).build();
    /**
     * Header values read lately ({@code "Allen, Phillip K." <phillip.allen@enron.com>}): a {@link Named}, or the reason
     * the text is not one address. Imports hand over every recipient this way, and the same colleagues are on message
     * after message; reading one with Jakarta Mail was most of the cost of preparing a message's recipients.
     */
    private final Cache<String, Object> headerValues = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();

    /** A header value read: its checked address and the cleaned display name (may be null). */
    private record Named(EmailAddress email, String name) {
    }

    /** Longest header value remembered: an address at its limit with a long display name. */
    private static final int MAX_HEADER_VALUE = 2 * MAX_ADDRESS;

    private AddressParser(boolean tolerateMisplacedDots) {
        this.tolerateMisplacedDots = tolerateMisplacedDots;
    }

    /** For addresses people type (contacts, accounts): the standard, no liberties. */
    public static AddressParser strict() {
        return new AddressParser(false);
    }

    /**
     * For addresses read off real mail (captures, look-ups, imports): also accepts misplaced dots in the
     * local part, which old mail systems issued and delivered to (docs/addresses.md, rule 1).
     */
    public static AddressParser forObservedMail() {
        return new AddressParser(true);
    }

    public ParsedParty parse(Party party) {
        if (party.raw() != null) {
            return parseHeaderValue(party);
        }
        // Spaces and tabs around a pasted address are trimmed as any form would; CR and LF are not
        // whitespace to us but a sign of header injection, and stay in to be refused.
        String address = party.address() == null ? "" : trimBlanks(party.address());
        Object checked = check(address);
        if (checked instanceof String error) {
            return ParsedParty.invalid(party, error);
        }
        return ParsedParty.ok(party, (EmailAddress) checked, NameCleaner.clean(party.name(), null));
    }

    /** The normalised address, or (a String) why {@code address} is not one; remembered for the next time. */
    private Object check(String address) {
        return remembered(checked, address, MAX_ADDRESS, this::checkNow);
    }

    /**
     * {@code work}'s answer for {@code text}, from {@code cache} when it was worked out before. Texts longer than
     * {@code maxLength} are never kept: the caches must stay small whatever a request sends.
     */
    private static Object remembered(Cache<String, Object> cache, String text, int maxLength,
                                     Function<String, Object> work) {
        if (text.length() > maxLength) {
            return work.apply(text);
        }
        Object known = cache.getIfPresent(text);
        if (known == null) {
            known = work.apply(text);
            cache.put(text, known);
        }
        return known;
    }

    private Object checkNow(String address) {
        String error = validationError(address);
        return error != null ? error : normalise(address);
    }

    private ParsedParty parseHeaderValue(Party party) {
        String raw = party.raw().trim();
        if (raw.isEmpty()) {
            return ParsedParty.invalid(party, "empty address");
        }
        Object read = remembered(headerValues, raw, MAX_HEADER_VALUE, this::readHeaderValue);
        if (read instanceof String error) {
            return ParsedParty.invalid(party, error);
        }
        Named named = (Named) read;
        return ParsedParty.ok(party, named.email(), named.name());
    }

    private Object readHeaderValue(String raw) {
        InternetAddress[] parsed;
        try {
            parsed = InternetAddress.parseHeader(raw, false);
        } catch (AddressException e) {
            return "not an address: " + e.getMessage();
        }
        if (parsed.length != 1) {
            return parsed.length == 0 ? "empty address" : "more than one address in one party";
        }
        String address = parsed[0].getAddress() == null ? "" : parsed[0].getAddress();
        Object checked = check(address);
        if (checked instanceof String error) {
            return error;
        }
        EmailAddress email = (EmailAddress) checked;
        return new Named(email, NameCleaner.clean(parsed[0].getPersonal(), email.address()));
    }

    /** Null when {@code address} is a usable addr-spec, else the reason it is not. */
    String validationError(String address) {
        if (address.isEmpty()) {
            return "empty address";
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return String.format(Locale.ROOT, "control character U+%04X in address", (int) c);
            }
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
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (!isAscii(local)) {
            return "non-ASCII local part (SMTPUTF8 addresses are not supported)";
        }
        String localError = LocalPart.error(local, tolerateMisplacedDots);
        if (localError != null) {
            return localError;
        }
        if (local.getBytes(StandardCharsets.US_ASCII).length > MAX_LOCAL_PART) {
            return "local part longer than " + MAX_LOCAL_PART + " characters";
        }
        String asciiDomain;
        try {
            asciiDomain = domain.startsWith("[") ? domain : IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return "invalid international domain name: " + e.getMessage();
        }
        String jakartaError = jakartaError(LocalPart.checkingForm(local) + "@" + asciiDomain);
        if (jakartaError != null) {
            return jakartaError;
        }
        if (local.length() + 1 + asciiDomain.length() > MAX_ADDRESS) {
            return "address longer than " + MAX_ADDRESS + " characters";
        }
        return domain.startsWith("[") ? AddressLiteral.error(asciiDomain) : domainNameError(asciiDomain);
    }

    /** Jakarta must read the text as exactly one bare addr-spec: no display name, comment or second address. */
    private static String jakartaError(String addrSpec) {
        try {
            InternetAddress parsed = new InternetAddress(addrSpec, true);
            parsed.validate();
            if (!addrSpec.equals(parsed.getAddress()) || parsed.getPersonal() != null) {
                return "not a bare address";
            }
            return null;
        } catch (AddressException e) {
            return "invalid address: " + e.getMessage();
        }
    }

    private static String domainNameError(String domain) {
        if (domain.endsWith(".")) {
            return "domain ends with a dot";
        }
        if (!InternetDomainName.isValid(domain)) {
            String tld = domain.substring(domain.lastIndexOf('.') + 1);
            if (!tld.isEmpty() && Character.isDigit(tld.charAt(0))) {
                return "numeric top-level domain in '" + domain + "' (an IP address needs brackets: [192.0.2.1])";
            }
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

    private static String trimBlanks(String s) {
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

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
