package org.unsilo.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * JSON written once and copied into answer after answer: for values kept between requests, whose holder keeps what
 * {@link #write} made of them. Most of a lookup's answer is kept that way (contacts/LookupCache), and writing it again
 * each time was a fifth of a lookup's CPU.
 */
public final class WrittenOnce {

    private final ObjectMapper mapper;

    public WrittenOnce(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * {@code value} as JSON, to put in an answer in its place: Jackson writes it out as {@code value} itself would
     * be. The value must not change after this, nor anything it holds.
     */
    public RawValue write(Object value) {
        try {
            return new RawValue(new Utf8Json(mapper.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }
    /**
     * JSON text as UTF-8 bytes, which Jackson's byte generator copies as they are ({@code writeRawValue}). A String
     * would be encoded again at every write and take the memory twice.
     */
    private static final class Utf8Json implements SerializableString {

        private final byte[] utf8;

        Utf8Json(byte[] utf8) {
            this.utf8 = utf8;
        }

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8.clone();
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            return copy(utf8, buffer, offset);
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            return put(utf8, buffer);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return copy(getValue().toCharArray(), buffer, offset);
        }

        // The quoted forms (the text as a JSON string) are part of the interface; raw values never use them.

        @Override
        public char[] asQuotedChars() {
            return JsonStringEncoder.getInstance().quoteAsString(getValue());
        }

        @Override
        public byte[] asQuotedUTF8() {
            return JsonStringEncoder.getInstance().quoteAsUTF8(getValue());
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return copy(asQuotedUTF8(), buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return copy(asQuotedChars(), buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            byte[] quoted = asQuotedUTF8();
            out.write(quoted);
            return quoted.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            return put(asQuotedUTF8(), buffer);
        }

        /** SerializableString's contract: the length copied, or -1 when it does not fit. */
        private static int copy(byte[] from, byte[] to, int offset) {
            if (from.length > to.length - offset) {
                return -1;
            }
            System.arraycopy(from, 0, to, offset, from.length);
            return from.length;
        }

        private static int copy(char[] from, char[] to, int offset) {
            if (from.length > to.length - offset) {
                return -1;
            }
            System.arraycopy(from, 0, to, offset, from.length);
            return from.length;
        }

        private static int put(byte[] from, ByteBuffer to) {
            if (from.length > to.remaining()) {
                return -1;
            }
            to.put(from);
            return from.length;
        }
    }
}
