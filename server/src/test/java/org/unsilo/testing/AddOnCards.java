package org.unsilo.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.apps.card.v1.Button;
import com.google.apps.card.v1.Card;
import com.google.apps.card.v1.DecoratedText;
import com.google.apps.card.v1.Widget;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an add-on response the way Google reads it. The envelope has no proto in Google's jars, so its keys are
 * checked here one by one; every card inside is parsed STRICTLY into {@code com.google.apps.card.v1.Card}
 * (no {@code ignoringUnknownFields}): a misspelled or invented field fails the test.
 */
public final class AddOnCards {

    /** Google refuses a card with more sections than this (and then shows the user nothing). */
    public static final int MAX_SECTIONS = 100;

    /**
     * What one response holds: the cards pushed and updated, each navigation's kind in order ({@code pushCard},
     * {@code updateCard}, {@code pop}, {@code popToRoot}), and the notification.
     */
    public record Answer(List<Card> pushed, List<Card> updated, List<String> navigations, String notification) {
        public Card card() {
            List<Card> all = new ArrayList<>(pushed);
            all.addAll(updated);
            assertThat(all).as("cards in the response").hasSize(1);
            return all.get(0);
        }
    }

    private AddOnCards() {
    }

    public static Answer parse(TestServer.Response r) {
        assertThat(r.status()).as("status of %s", r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode root = r.json();
        assertKeys(root, Set.of("action", "renderActions"), "response");
        assertThat(root.size()).as("one envelope").isEqualTo(1);
        JsonNode action = root.has("renderActions") ? only(root.get("renderActions"), "action") : root.get("action");
        assertKeys(action, Set.of("navigations", "notification"), "action");
        List<Card> pushed = new ArrayList<>();
        List<Card> updated = new ArrayList<>();
        List<String> navigations = new ArrayList<>();
        for (JsonNode nav : action.path("navigations")) {
            assertKeys(nav, Set.of("pushCard", "updateCard", "pop", "popToRoot"), "navigation");
            assertThat(nav.size()).as("one navigation per entry").isEqualTo(1);
            String kind = nav.fieldNames().next();
            navigations.add(kind);
            if (kind.equals("pop") || kind.equals("popToRoot")) {
                assertThat(nav.get(kind).isBoolean() && nav.get(kind).asBoolean()).as("%s is true", kind).isTrue();
                continue;
            }
            Card card = strict(nav.get(kind).toString());
            assertThat(card.getSectionsCount()).as("sections of a card").isLessThanOrEqualTo(MAX_SECTIONS);
            (kind.equals("pushCard") ? pushed : updated).add(card);
        }
        String notification = null;
        if (action.has("notification")) {
            assertKeys(action.get("notification"), Set.of("text"), "notification");
            notification = action.get("notification").path("text").asText();
            assertThat(notification).isNotBlank();
        }
        assertThat(pushed.size() + updated.size() + (notification == null ? 0 : 1)).as("something to show").isPositive();
        return new Answer(pushed, updated, navigations, notification);
    }

    /** Parses card JSON strictly into Google's proto class. */
    public static Card strict(String json) {
        Card.Builder b = Card.newBuilder();
        try {
            JsonFormat.parser().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("not a valid google.apps.card.v1.Card: " + e.getMessage() + "\n" + json, e);
        }
        return b.build();
    }

    private static JsonNode only(JsonNode node, String key) {
        assertKeys(node, Set.of(key), "renderActions");
        assertThat(node.has(key)).as("%s in %s", key, node).isTrue();
        return node.get(key);
    }

    private static void assertKeys(JsonNode node, Set<String> allowed, String what) {
        assertThat(node.isObject()).as("%s is an object: %s", what, node).isTrue();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertThat(allowed).as("key '%s' of %s", k, what).contains(k);
        }
    }

    /** The section about {@code address} (its first decorated text shows the address). */
    public static Card.Section section(Card card, String address) {
        return card.getSectionsList().stream()
                .filter(s -> s.getWidgetsList().stream().anyMatch(w -> w.hasDecoratedText()
                        && w.getDecoratedText().getText().equals(address)))
                .findFirst().orElseThrow(() -> new AssertionError("no section for " + address + " in " + card));
    }

    /** All text a section shows (labels, texts, paragraphs, button captions), one piece per line. */
    public static String text(Card.Section section) {
        StringBuilder out = new StringBuilder(section.getHeader()).append('\n');
        for (Widget w : section.getWidgetsList()) {
            if (w.hasDecoratedText()) {
                DecoratedText d = w.getDecoratedText();
                out.append(d.getTopLabel()).append('\n').append(d.getText()).append('\n').append(d.getBottomLabel()).append('\n');
            }
            if (w.hasTextParagraph()) {
                out.append(w.getTextParagraph().getText()).append('\n');
            }
            buttons(w).forEach(b -> out.append(b.getText()).append('\n'));
        }
        return out.toString();
    }

    public static List<Button> buttons(Card.Section section) {
        return section.getWidgetsList().stream().flatMap(w -> buttons(w).stream()).toList();
    }

    private static List<Button> buttons(Widget w) {
        return w.hasButtonList() ? w.getButtonList().getButtonsList() : List.of();
    }

    /** The button captioned {@code text} in {@code section}. */
    public static Button button(Card.Section section, String text) {
        return buttons(section).stream().filter(b -> b.getText().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + text + "' in " + section));
    }

    /** The action parameters of a button, as a map. */
    public static Map<String, String> parameters(Button b) {
        Map<String, String> out = new LinkedHashMap<>();
        b.getOnClick().getAction().getParametersList().forEach(p -> out.put(p.getKey(), p.getValue()));
        return out;
    }
}
