package org.unsilo.gmail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.apps.card.v1.Card;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON an HTTP add-on answers with (Google's callback contract). Cards are printed from the proto classes by
 * protobuf's {@link JsonFormat}, so their field names are Google's; the envelope around them has no proto in Google's
 * jars and is built here:
 * <ul>
 *   <li>a trigger (homepage, message opened, compose) shows a card: {@code {"action":{"navigations":[{"pushCard":…}]}}}</li>
 *   <li>a button click answers {@code {"renderActions":{"action":{"navigations":[…],"notification":{"text":…}}}}},
 *       pushing a card on the stack or replacing the one shown ({@code updateCard}), with an optional toast; Google
 *       applies the navigations in order, so {@code popToRoot} (or one {@code pop} per card) and then {@code updateCard} replaces
 *       a card further down the stack, which the user would otherwise find stale on going back</li>
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
        return render(notification(null), navigation("pushCard", card));
    }

    /**
     * A click's answer that goes back {@code cards} cards (0: stays on the current one) and replaces the one it comes
     * to with {@code card}, with an optional notification.
     */
    public String back(int cards, Card card, String notification) {
        ObjectNode[] navigations = new ObjectNode[cards + 1];
        for (int i = 0; i < cards; i++) {
            navigations[i] = step("pop");
        }
        navigations[cards] = navigation("updateCard", card);
        return render(notification(notification), navigations);
    }

    /** A click's answer that goes back one card, as it was, with a notification. */
    public String pop(String notification) {
        return render(notification(notification), step("pop"));
    }

    /** A click's answer that goes back to the first card (the trigger's) and replaces it with {@code card}. */
    public String backToRoot(Card card, String notification) {
        return render(notification(notification), step("popToRoot"), navigation("updateCard", card));
    }

    /** A click's answer that only shows a notification. */
    public String notify(String text) {
        return render(notification(text));
    }

    private ObjectNode notification(String text) {
        return text == null ? null : mapper.createObjectNode().put("text", text);
    }

    private ObjectNode navigation(String kind, Card card) {
        ObjectNode n = mapper.createObjectNode();
        n.set(kind, json(card));
        return n;
    }

    private ObjectNode step(String kind) {
        return mapper.createObjectNode().put(kind, true);
    }

    private String render(ObjectNode notification, ObjectNode... navigations) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode action = root.putObject("renderActions").putObject("action");
        if (navigations.length > 0) {
            action.putArray("navigations").addAll(List.of(navigations));
        }
        if (notification != null) {
            action.set("notification", notification);
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
