package org.unsilo.common;

/**
 * What text people type may be: at most so long, valid Unicode, and without control characters (a multi-line text
 * may hold tabs and line breaks). The API's checks and the services' field rules both say it in these words.
 */
public final class TextRule {

    private TextRule() {
    }

    /**
     * What is wrong with {@code value}, as a field error puts it ("contains control character U+0007"), or null when
     * it may be stored (null may).
     */
    public static String problem(String value, int maxLength, boolean multiline) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            return "is longer than " + maxLength + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowedBreak = multiline && (c == '\n' || c == '\r' || c == '\t');
            if ((c < 0x20 || c == 0x7f) && !allowedBreak) {
                return String.format("contains control character U+%04X", (int) c);
            }
            // A lone UTF-16 surrogate (a JSON "\ud83d" escape without its pair) is not text: the store
            // would silently turn it into '?'.
            if (Character.isHighSurrogate(c) && (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(value.charAt(i - 1)))) {
                return String.format("contains an unpaired surrogate U+%04X (not valid Unicode)", (int) c);
            }
        }
        return null;
    }
}
