package org.unsilo.relationships;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrengthTest {

    private final Strength strength = new Strength(Duration.ofDays(90));
    private final long now = Instant.parse("2026-11-26T00:00:00Z").toEpochMilli();
    private final long day = 86_400_000L;

    @Test
    void anInteractionOneHalfLifeAgoIsWorthHalf() {
        double score = strength.score(Strength.SENT_BY_STAFF, now - 90 * day, now);
        assertThat(strength.strengthAt(score, now)).isCloseTo(0.5, within(0.001));
        assertThat(strength.strengthAt(strength.score(1.0, now, now), now)).isCloseTo(1.0, within(0.001));
    }

    @Test
    void scoresAddUpInAnyOrder() {
        List<Long> times = List.of(now - 5 * day, now - 200 * day, now - 30 * day);
        double forward = 0;
        for (long t : times) {
            forward += strength.score(Strength.STAFF_IN_TO, t, now);
        }
        double backward = 0;
        for (int i = times.size() - 1; i >= 0; i--) {
            backward += strength.score(Strength.STAFF_IN_TO, times.get(i), now);
        }
        assertThat(forward).isCloseTo(backward, within(1e-9 * forward));
    }

    @Test
    void futureDatesCountAsNow() {
        assertThat(strength.score(1.0, now + 365 * day, now)).isEqualTo(strength.score(1.0, now, now));
    }

    @Test
    void everyValueFromTheLowestUpShowsTheSame() {
        Random random = new Random(42);
        int belowValue = 0;
        for (int i = 0; i < 20_000; i++) {
            // Strengths as they occur: from a fresh relationship's few units down to ones decayed for decades.
            double value = Math.pow(10, 1 - 9 * random.nextDouble());
            double lowest = Strength.lowestRoundingAs(value);
            assertThat(lowest).isLessThanOrEqualTo(value);
            for (int j = 0; j < 20; j++) {
                double between = lowest + (value - lowest) * random.nextDouble();
                assertThat(Strength.rounded(between)).as("%s in [%s, %s]", between, lowest, value)
                        .isEqualTo(Strength.rounded(value));
            }
            assertThat(Strength.rounded(lowest)).isEqualTo(Strength.rounded(value));
            if (lowest < value) {
                belowValue++;
            }
        }
        // Useful only if it usually reaches below the value itself.
        assertThat(belowValue).isGreaterThan(19_000);
    }

    @Test
    void roundingNearAPowerOfTenStaysExact() {
        double justBelowOne = 0.99996;
        assertThat(Strength.rounded(justBelowOne)).isEqualTo(1.0);
        double lowest = Strength.lowestRoundingAs(justBelowOne);
        assertThat(Strength.rounded(lowest)).isEqualTo(1.0);
        assertThat(lowest).isGreaterThanOrEqualTo(0.99995);
        assertThat(Strength.lowestRoundingAs(0)).isZero();
    }

    @Test
    void theUsualGapIsTheMedianGapBetweenDaysWithMail() {
        // Mail on days 0, 1, 2, 3 and 10, twice on day 2: gaps of 1, 1, 1 and 7 days.
        List<Long> times = List.of(0L, day + 5, 2 * day, 2 * day + 3_600_000, 3 * day, 10 * day + 1);
        assertThat(RelationshipService.medianGapDays(times)).hasValue(1);
        assertThat(RelationshipService.medianGapDays(List.of(0L, 2 * day, 12 * day, 42 * day, 43 * day))).as("larger middle").hasValue(10);
    }

    @Test
    void aPairNeedsMailOnThreeDaysToHaveAUsualGap() {
        assertThat(RelationshipService.medianGapDays(List.of(now))).isEmpty();
        assertThat(RelationshipService.medianGapDays(List.of(now, now, now))).as("one instant").isEmpty();
        assertThat(RelationshipService.medianGapDays(List.of(now, now + 60_000, now + 3_600_000))).as("one afternoon").isEmpty();
        assertThat(RelationshipService.medianGapDays(List.of(now, now + 60_000, now + 90 * day))).as("two days").isEmpty();
    }
}
