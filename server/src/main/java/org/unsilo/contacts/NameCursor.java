package org.unsilo.contacts;

import com.google.common.io.BaseEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.unsilo.common.NameKey;

/**
 * A place in a list in name order: the contacts list, by the names' {@link NameKey} (case and accents ignored), then
 * by id, with the contacts that have no name last, by id; the organisations list the same way. It is the last entry
 * shown, {@code name} null once past the unnamed contacts. Its text form, the API's opaque {@code cursor} and the web
 * view's {@code after}, is base64url of "n" id ":" name, or of "u" id past the named contacts (the letter tells them
 * from the plain ids that the lists' cursors used to be). The name, not its key, so that a cursor written before the
 * lists were ordered by the key still continues where it was.
 */
public record NameCursor(String name, long id) {

    /** Before every contact. */
    public static final NameCursor FIRST = new NameCursor("", 0);

    /** The place right after {@code last}. */
    public static NameCursor after(Views.Contact last) {
        return new NameCursor(last.name(), last.id());
    }

    /** The place right after {@code last}. */
    public static NameCursor after(Views.Organization last) {
        return new NameCursor(last.name(), last.id());
    }

    /** The key the list is ordered by at this place; null past the named entries. */
    public String key() {
        return NameKey.of(name);
    }

    public String encode() {
        String text = name == null ? "u" + id : "n" + id + ":" + name;
        return BaseEncoding.base64Url().omitPadding().encode(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The place a cursor names: {@link #FIRST} for none, empty for anything that {@link #encode} did not write (then the
     * request is wrong, not the list).
     */
    public static Optional<NameCursor> parse(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Optional.of(FIRST);
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(BaseEncoding.base64Url().omitPadding().decode(cursor))).toString();
            boolean named = text.startsWith("n");
            int colon = text.indexOf(':');
            if (!(named ? colon > 0 : text.startsWith("u"))) {
                return Optional.empty();
            }
            String id = text.substring(1, named ? colon : text.length());
            String name = named ? text.substring(colon + 1) : null;
            // ASCII digits only (Long.parseLong takes other scripts' digits too); no NUL, which no stored name has
            // and PostgreSQL refuses in a parameter.
            if (!id.matches("[0-9]{1,18}") || (name != null && name.indexOf('\0') >= 0)) {
                return Optional.empty();
            }
            NameCursor place = new NameCursor(name, Long.parseLong(id));
            // Only the one spelling encode() writes: no padding, leading zeros or other base64 of the same place.
            return place.encode().equals(cursor) ? Optional.of(place) : Optional.empty();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
