package org.unsilo.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.apps.card.v1.Button;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.unsilo.gmail.GmailAddOn;

/**
 * Messages a test writes into the {@link GoogleStub}'s Gmail (in {@code dir}, as {@code users.messages.get} answers
 * them), and the add-on's cards as a user opens them and clicks on them.
 */
public final class AddOnMailbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final AddOnServer addOn;
    private final Path dir;

    public AddOnMailbox(AddOnServer addOn, Path dir) {
        this.addOn = addOn;
        this.dir = dir;
    }

    /** A message with these headers (and a Message-ID of its own); its id. */
    public String message(Map<String, String> headers) {
        String id = "18f0000000" + String.format("%06d", IDS.incrementAndGet());
        ObjectNode m = JSON.createObjectNode().put("id", id).put("threadId", id).put("internalDate", "1767225600000");
        ObjectNode payload = m.putObject("payload").put("mimeType", "text/plain");
        ArrayNode list = payload.putArray("headers");
        headers.forEach((k, v) -> list.addObject().put("name", k).put("value", v));
        list.addObject().put("name", "Message-ID").put("value", "<" + id + "@mail.test>");
        payload.putObject("body").put("data", Base64.getUrlEncoder().encodeToString("Hello, see you soon.".getBytes(StandardCharsets.UTF_8)));
        Path file = dir.resolve(id + ".json");
        try {
            Files.writeString(file, m.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addOn.google().serve(id, file);
        return id;
    }

    /** A message "Meeting" from {@code from} to {@code to}; its id. */
    public String mail(String from, String to) {
        return message(Map.of("From", from, "To", to, "Subject", "Meeting", "Date", "Thu, 1 Jan 2026 10:00:00 +0000"));
    }

    /** The card of message {@code id} as {@code as} opens it. */
    public AddOnCards.Answer open(String as, String id) {
        return AddOnCards.parse(addOn.client().call(GmailAddOn.CONTEXTUAL, as, e -> AddOnClient.withMessage(e, id, id)));
    }

    /** A click on a card of the open message {@code id} (null: no message open, e.g. after a search). */
    public AddOnCards.Answer click(String as, String path, String id, Map<String, String> params, Map<String, String> form) {
        return AddOnCards.parse(addOn.client().call(path, as, e -> AddOnClient.withClick(
                id == null ? e : AddOnClient.withMessage(e, id, id), params, form)));
    }

    /** A click on {@code b}, with what the card's inputs hold. */
    public AddOnCards.Answer click(String as, Button b, String id, Map<String, String> form) {
        return click(as, URI.create(b.getOnClick().getAction().getFunction()).getPath(), id, AddOnCards.parameters(b), form);
    }
}
