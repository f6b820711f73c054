package org.unsilo.relationships;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/**
 * Relationship strength with exponential time decay (DESIGN.md §6).
 *
 * <p>Each interaction of weight {@code w} at time {@code t} is worth {@code w · 2^-(now-t)/H} now. We store
 * {@code score = Σ w · 2^((t-T0)/H)} for a fixed epoch {@code T0}, so a new interaction is a plain
 * addition in any order, pairs rank the same by score at every moment, and the strength now is
 * {@code score · 2^-((now-T0)/H)}.
 */
public final class Strength {

    public static final double SENT_BY_STAFF = 1.0;
    public static final double STAFF_IN_TO = 0.6;
    public static final double STAFF_IN_CC = 0.3;
    public static final double RECIPROCITY_BONUS = 0.5;

    private static final long EPOCH = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    private final double halfLifeMillis;

    public Strength(Duration halfLife) {
        this.halfLifeMillis = halfLife.toMillis();
    }

    /** The score contribution of an interaction of {@code weight} at {@code at} (never later than {@code now}). */
    public double score(double weight, long at, long now) {
        return weight * Math.pow(2, (Math.min(at, now) - EPOCH) / halfLifeMillis);
    }

    /** The decayed strength at {@code now} of an accumulated score, rounded for display. */
    public double strengthAt(double score, long now) {
        double value = score * Math.pow(2, -(now - EPOCH) / halfLifeMillis);
        // Four significant digits: old relationships decay to tiny numbers that must still compare.
        return value == 0 ? 0 : new BigDecimal(value).round(new MathContext(4)).doubleValue();
    }
}
