package org.unsilo.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unsilo.relationships.Strength;
import org.unsilo.store.KnownByRow;

class ShownKnownByTest {

    private static final long NOW = Instant.parse("2026-11-27T09:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;

    private final Strength strength = new Strength(Duration.ofDays(90));
    private final List<KnownByRow> rows = List.of(
            row(1, strength.score(Strength.SENT_BY_STAFF, NOW - 3 * DAY, NOW) * 7),
            row(2, strength.score(Strength.STAFF_IN_CC, NOW - 400 * DAY, NOW)),
            row(3, strength.score(Strength.STAFF_IN_TO, NOW - 4000 * DAY, NOW)),
            row(4, 0));
    private final ShownKnownBy shown = new ShownKnownBy(rows);

    @Test
    void showsTheStrengthsOfEachMomentWhicheverWayTimeMoves() {
        Random random = new Random(7);
        long at = NOW;
        for (int i = 0; i < 5_000; i++) {
            // Mostly forward by up to a day, sometimes back (a clock set back), sometimes by a millisecond.
            at += switch (random.nextInt(4)) {
                case 0 -> 1;
                case 1 -> -random.nextInt((int) (DAY / 10));
                default -> random.nextInt((int) DAY);
            };
            List<Views.KnownBy> knownBy = shown.at(at, strength);
            for (int r = 0; r < rows.size(); r++) {
                assertThat(knownBy.get(r).strength()).isEqualTo(strength.strengthAt(rows.get(r).score(), at));
                assertThat(knownBy.get(r)).isEqualTo(new ViewMapper(strength).knownBy(rows.get(r), at));
            }
        }
    }

    @Test
    void theListShownLastIsShownAgainWhileItsStrengthsRoundTheSame() {
        List<Views.KnownBy> first = shown.at(NOW, strength);
        assertThat(shown.at(NOW + 1_000, strength)).isSameAs(first);
        assertThat(shown.at(NOW + 60_000, strength)).isSameAs(first);

        List<Views.KnownBy> later = shown.at(NOW + 30 * DAY, strength);
        assertThat(later).isNotSameAs(first);
        assertThat(later.get(0).strength()).isLessThan(first.get(0).strength());
    }

    private static KnownByRow row(long userId, double score) {
        return new KnownByRow(99, userId, "staff" + userId + "@unsilo.test", "Staff " + userId, "active", score,
                NOW - DAY, 3);
    }
}
