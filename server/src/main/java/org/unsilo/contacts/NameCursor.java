package org.unsilo.contacts;

import com.google.common.io.BaseEncoding;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A place in the contacts list, which is in name order (case ignored, as the database folds it), then by id, with the
 * contacts that have no name last, by id: the last contact shown, {@code name} null once past the named ones. Its
 * text form, the API's opaque {@code cursor} and the web view's {@code after}, is base64url of "n" id ":" name, or of
 * "u" id past the named contacts (the letter tells them from the plain ids that the list's cursors used to be).
 */
public record NameCursor(String name, long id) {

    /** Before every contact. */
    public static final NameCursor FIRST = new NameCursor("", 0);

    /** The place right after {@code last}. */
    public static NameCursor after(Views.Contact last) {
        return new NameCursor(last.name(), last.id());
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
