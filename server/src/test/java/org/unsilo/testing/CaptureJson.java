package org.unsilo.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds bodies for {@code POST /api/v1/captures} (DESIGN.md §7), so a test states only what matters to it.
 *
 * <p>Every builder starts as a message of its own: a unique Message-ID, subject and body. Two captures
 * are therefore never folded together by accident; tests about de-duplication set the fields that
 * make two captures "the same" explicitly.
 */
public final class CaptureJson {

    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode node = NODES.objectNode();

    private CaptureJson() {
    }

    /** A distinct message from {@code from} (a raw header value or a bare address), sent an hour ago. */
    public static CaptureJson from(String from) {
        long n = SEQUENCE.incrementAndGet();
        CaptureJson c = new CaptureJson();
        c.node.put("source", "api");
        c.node.put("internetMessageId", "<test-" + n + "." + System.nanoTime() + "@fixture.unsilo.test>");
        c.node.put("subject", "Test message " + n);
        c.node.put("sentAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        c.node.put("from", from);
        c.node.putArray("to");
        c.node.put("bodyText", "Body of test message " + n + ".");
        return c;
    }

    /** Adds recipients in To; each is a raw header value or a bare address. */
    public CaptureJson to(String... parties) {
        ArrayNode to = (ArrayNode) node.get("to");
        for (String p : parties) {
            to.add(p);
        }
        return this;
    }

    /** Adds a recipient in the object form {@code {"address", "name"}}. */
    public CaptureJson toParty(String address, String name) {
        ((ArrayNode) node.get("to")).addObject().put("address", address).put("name", name);
        return this;
    }

    public CaptureJson cc(String... parties) {
        ArrayNode cc = node.has("cc") ? (ArrayNode) node.get("cc") : node.putArray("cc");
        for (String p : parties) {
            cc.add(p);
        }
        return this;
    }

    public CaptureJson messageId(String internetMessageId) {
        return set("internetMessageId", internetMessageId);
    }

    public CaptureJson subject(String subject) {
        return set("subject", subject);
    }

    public CaptureJson sentAt(Instant sentAt) {
        return set("sentAt", sentAt.toString());
    }

    public CaptureJson body(String bodyText) {
        return set("bodyText", bodyText);
    }

    public CaptureJson threadId(String threadId) {
        return set("threadId", threadId);
    }

    public CaptureJson header(String name, String value) {
        ObjectNode headers = node.has("headers") ? (ObjectNode) node.get("headers") : node.putObject("headers");
        headers.put(name, value);
        return this;
    }

    public CaptureJson markPrivate() {
        node.put("private", true);
        return this;
    }

    /** Sets any field to a string (or removes it for null). */
    public CaptureJson set(String field, String value) {
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
        return this;
    }

    /** Sets any field to arbitrary JSON, e.g. a value of the wrong type. */
    public CaptureJson setJson(String field, JsonNode value) {
        node.set(field, value);
        return this;
    }

    public CaptureJson remove(String field) {
        node.remove(field);
        return this;
    }

    public ObjectNode node() {
        return node.deepCopy();
    }

    public String json() {
        return node.toString();
    }

    @Override
    public String toString() {
        return json();
    }
}
