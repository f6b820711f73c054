package org.unsilo.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;

/**
 * One field of a partial update as a JSON merge patch (RFC 7396) has it: left out, the field stays as it is
 * ({@link #keep()}); sent, it becomes what was sent, null included ({@link #to}). A plain nullable field cannot tell
 * "leave it" from "remove it".
 */
@JsonDeserialize(using = Change.Reader.class)
public record Change<T>(boolean given, T value) {

    private static final Change<?> KEEP = new Change<>(false, null);

    public Change {
        if (!given && value != null) {
            throw new IllegalArgumentException("a field left as it is has no new value");
        }
    }

    @SuppressWarnings("unchecked")
    public static <T> Change<T> keep() {
        return (Change<T>) KEEP;
    }

    public static <T> Change<T> to(T value) {
        return new Change<>(true, value);
    }

    /** The field after the update, {@code current} before it. */
    public T applyTo(T current) {
        return given ? value : current;
    }

    /** Reads a field of a JSON object: its value, or null, as {@link #to}; a field left out is {@link #keep()}. */
    static final class Reader extends JsonDeserializer<Change<?>> implements ContextualDeserializer {

        private final JavaType valueType;

        /** For {@link JsonDeserialize}; Jackson then asks {@link #createContextual} for each field's own. */
        Reader() {
            this(null);
        }

        private Reader(JavaType valueType) {
            this.valueType = valueType;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            JavaType change = property != null ? property.getType() : ctxt.getContextualType();
            return new Reader(change.containedTypeOrUnknown(0));
        }

        @Override
        public Change<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Change.to(ctxt.readValue(p, valueType));
        }

        @Override
        public Change<?> getNullValue(DeserializationContext ctxt) {
            return Change.to(null);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return keep();
        }
    }
}
