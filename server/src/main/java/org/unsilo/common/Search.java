package org.unsilo.common;

import java.util.Locale;

/**
 * What a list is asked to find, as the LIKE patterns (with {@code ESCAPE '!'}) its query matches: addresses and
 * domains lower-cased as typed, names by their {@link NameKey}, so that "emile" finds "Émile" (an address keeps its
 * letters: "jose@" is not "josé@"). Wildcards typed in are plain characters (addresses have underscores); the
 * queries say {@code ESCAPE '!'} because a backslash would be mangled by Jdbi's parser of quoted SQL.
 *
 * @param addresses the pattern for addresses and domains, empty for everything
 * @param names the pattern for names' keys, empty for everything
 */
public record Search(String addresses, String names) {

    /** The longest search the API, the web view and the Gmail add-on take, in characters. */
    public static final int MAX_LENGTH = 200;

    /** Everything. */
    public static final Search ALL = new Search("", "");

    /** Whatever contains {@code q} (everything for a blank one). */
    public static Search containing(String q) {
        return q == null || q.isBlank() ? ALL
                : new Search("%" + escaped(q.trim().toLowerCase(Locale.ROOT)) + "%", "%" + escaped(NameKey.of(q)) + "%");
    }

    /** Whatever is exactly {@code q}, case and accents ignored for names. */
    public static Search exactly(String q) {
        return new Search(escaped(q.trim().toLowerCase(Locale.ROOT)), escaped(NameKey.of(q)));
    }

    private static String escaped(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
