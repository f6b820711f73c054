package org.unsilo.common;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The key a person's or an organisation's name is sorted and searched by, stored beside the name ({@code sort_name}):
 * "Émile Zoß" and "emile  zoss" have the same key, "emile zoss". Neither SQLite's {@code LOWER} (ASCII only) nor a
 * PostgreSQL in the C locale folds accents or case beyond ASCII, so "Émile" sorted after "Zoe" and a search for
 * "emile" did not find him; the key is made here, the same way for both databases and for the search typed in.
 *
 * <p>Compatibility decomposition (NFKD: "ﬁ" is "fi", a full-width "Ａ" is "A"), lower case as no particular language
 * has it, the accents of Latin, Greek and Cyrillic letters left out, the letters that have no decomposition spelled
 * the way people type them without the key ("ø" as "o", "ß" as "ss"), and spaces trimmed and run together.
 */
public final class NameKey {

    private NameKey() {
    }

    /** The key of {@code name}; null for null (a contact without a name has no place among the named ones). */
    public static String of(String name) {
        if (name == null) {
            return null;
        }
        if (isPlainAscii(name)) {
            // Almost every name: no decomposition to do, and the capture writer makes a key for each new contact.
            return spaced(name.toLowerCase(Locale.ROOT));
        }
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD).toLowerCase(Locale.ROOT);
        StringBuilder folded = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(c -> {
            if (!isAccent(c)) {
                folded.append(spelled(c));
            }
        });
        // What is left decomposed (a Korean syllable's letters, a kana's voicing mark) is composed again, so that a
        // search typed in those scripts matches whole letters.
        return spaced(Normalizer.normalize(folded, Normalizer.Form.NFC));
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The combining diacritical marks that decomposing an accented Latin, Greek or Cyrillic letter leaves. Not every
     * combining mark: an Indic vowel sign or a kana's voicing mark is part of the letter, not an accent on it.
     */
    private static boolean isAccent(int c) {
        return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF)
                || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
    }

    /** Lower-case letters that NFKD leaves whole, as they are written on a keyboard without them. */
    private static String spelled(int c) {
        return switch (c) {
            case 'ø' -> "o";
            case 'ł' -> "l";
            case 'đ', 'ð' -> "d";
            case 'þ' -> "th";
            case 'æ' -> "ae";
            case 'œ' -> "oe";
            case 'ß' -> "ss";
            case 'ı' -> "i";
            case 'ħ' -> "h";
            case 'ŧ' -> "t";
            // Greek writes sigma as ς at the end of a word: the same letter, wherever a search puts it.
            case 'ς' -> "σ";
            default -> Character.toString(c);
        };
    }

    /** Trimmed, with every run of white space (tabs, no-break and other Unicode spaces, line breaks) one space. */
    private static String spaced(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
