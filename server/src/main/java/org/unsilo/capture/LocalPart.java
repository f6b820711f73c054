package org.unsilo.capture;

import com.google.common.base.Joiner;
import com.google.common.base.Splitter;

/**
 * RFC 5321 §4.1.2 rules for the part before the '@': a Dot-string of atext, or one Quoted-string.
 * Addresses seen on real mail may have misplaced dots (docs/addresses.md, rule 1), because legacy
 * systems minted {@code k..allen@enron.com} and {@code .williams@enron.com} and mail to them was
 * delivered; addresses people type are held to the standard. Length limits are the caller's.
 */
final class LocalPart {

    /** RFC 5322 §3.2.3 atext besides letters and digits. */
    private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";
    private static final Splitter DOT_SPLITTER = Splitter.on('.').omitEmptyStrings();
    private static final Joiner DOT_JOINER = Joiner.on('.');

    private LocalPart() {
    }

    static boolean isQuoted(String local) {
        return local.startsWith("\"");
    }

    /** Null when {@code local} is acceptable, else the reason. {@code local} is ASCII without control characters. */
    static String error(String local, boolean tolerateMisplacedDots) {
        if (isQuoted(local)) {
            return quotedError(local);
        }
        String error = dotStringError(local);
        return error != null || tolerateMisplacedDots ? error : dotPlacementError(local);
    }

    private static String dotPlacementError(String local) {
        if (local.startsWith(".")) {
            return "local part starts with a dot";
        }
        if (local.endsWith(".")) {
            return "local part ends with a dot";
        }
        return local.contains("..") ? "two dots in a row in the local part" : null;
    }

    /**
     * The local part as Jakarta Mail should check it. Jakarta refuses misplaced dots, which we tolerate,
     * and its {@code checkAddress} mis-reads an escaped backslash before the closing quote
     * ({@code "\\"@iana.org} is "Unterminated quote"), so once {@link #error} has accepted a
     * quoted local part Jakarta sees a plain stand-in for it and checks the rest of the address.
     */
    static String checkingForm(String local) {
        if (isQuoted(local)) {
            return "\"q\"";
        }
        return DOT_JOINER.join(DOT_SPLITTER.split(local));
    }

    private static String dotStringError(String local) {
        boolean hasText = false;
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '.') {
                continue;
            }
            if (!isAtext(c)) {
                return c == '"' ? "quote inside the local part (only a wholly quoted local part is allowed)"
                        : "character '" + c + "' is not allowed in an unquoted local part";
            }
            hasText = true;
        }
        return hasText ? null : "local part has nothing but dots";
    }

    /** RFC 5321 Quoted-string: DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE, with nothing after it. */
    private static String quotedError(String local) {
        int i = 1;
        while (i < local.length()) {
            char c = local.charAt(i);
            if (c == '\\') {
                i += 2; // quoted-pairSMTP; control characters were refused before we get here
                continue;
            }
            if (c == '"') {
                return i == local.length() - 1 ? null : "text after the quoted local part";
            }
            i++;
        }
        return "unterminated quoted local part";
    }

    private static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ATEXT_SYMBOLS.indexOf(c) >= 0;
    }
}
