package org.unsilo.gmail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.apps.card.v1.Card;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON an HTTP add-on answers with (Google's callback contract). Cards are printed from the proto classes by
 * protobuf's {@link JsonFormat}, so their field names are Google's; the envelope around them has no proto in Google's
 * jars and is built here:
 * <ul>
 *   <li>a trigger (homepage, message opened, compose) shows a card: {@code {"action":{"navigations":[{"pushCard":…}]}}}</li>
 *   <li>a button click answers {@code {"renderActions":{"action":{"navigations":[…],"notification":{"text":…}}}}},
 *       pushing a card on the stack or replacing the one shown ({@code updateCard}), with an optional toast</li>
 * </ul>
 */
public final class AddOnResponses {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ObjectMapper mapper;

    public AddOnResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A trigger's answer: show {@code card}. */
    public String show(Card card) {
        ObjectNode root = mapper.createObjectNode();
        root.putObject("action").putArray("navigations").addObject().set("pushCard", json(card));
        return write(root);
    }

    /** A click's answer that opens {@code card} on top of the current one. */
    public String push(Card card) {
        return render("pushCard", card, null);
    }

    /** A click's answer that replaces the current card with {@code card}, with an optional notification. */
    public String update(Card card, String notification) {
        return render("updateCard", card, notification);
    }

    /** A click's answer that only shows a notification. */
    public String notify(String text) {
        return render(null, null, text);
    }

    private String render(String navigation, Card card, String notification) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode action = root.putObject("renderActions").putObject("action");
        if (card != null) {
            action.putArray("navigations").addObject().set(navigation, json(card));
        }
        if (notification != null) {
            action.putObject("notification").put("text", notification);
        }
        return write(root);
    }

    private com.fasterxml.jackson.databind.JsonNode json(Card card) {
        try {
            return mapper.readTree(PRINTER.print(card));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("card cannot be printed as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(ObjectNode root) {
        try {
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
