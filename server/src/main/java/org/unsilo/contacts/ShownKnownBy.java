package org.unsilo.contacts;

import java.util.ArrayList;
import java.util.List;
import org.unsilo.relationships.Strength;
import org.unsilo.store.KnownByRow;

/**
 * The staff who know one contact, as a kept card shows them. Strength decays with the time of every lookup but is shown
 * to four digits, so the list shown last is shown again, the same instance, while each unrounded strength still rounds
 * to what it shows: minutes, against microseconds of exact rounding per person and lookup, and the JSON written for
 * the list can be copied (LookupApi).
 */
final class ShownKnownBy {

    /** {@code knownBy} rounds like every unrounded strength from {@code lowest[i]} to {@code highest[i]}. */
    private record Shown(List<Views.KnownBy> knownBy, double[] lowest, double[] highest) {
    }

    private final List<KnownByRow> rows;
    private volatile Shown shown;

    ShownKnownBy(List<KnownByRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** As read: the strength of each is the accumulated score. */
    List<KnownByRow> rows() {
        return rows;
    }

    List<Views.KnownBy> at(long now, Strength strength) {
        Shown last = shown;
        double[] decayed = new double[rows.size()];
        boolean same = last != null;
        for (int i = 0; i < decayed.length; i++) {
            decayed[i] = strength.decayed(rows.get(i).score(), now);
            same = same && decayed[i] >= last.lowest[i] && decayed[i] <= last.highest[i];
        }
        if (same) {
            return last.knownBy;
        }
        List<Views.KnownBy> knownBy = new ArrayList<>(decayed.length);
        double[] lowest = new double[decayed.length];
        for (int i = 0; i < decayed.length; i++) {
            knownBy.add(ViewMapper.knownBy(rows.get(i), Strength.rounded(decayed[i])));
            lowest[i] = Strength.lowestRoundingAs(decayed[i]);
        }
        Shown next = new Shown(List.copyOf(knownBy), lowest, decayed);
        shown = next;
        return next.knownBy;
    }
}
