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
    private static final MathContext DISPLAY = new MathContext(4);
    private static final BigDecimal NEARLY_HALF = new BigDecimal("0.49");

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
        return rounded(decayed(score, now));
    }

    /** The decayed strength at {@code now} of an accumulated score, before {@link #rounded rounding}. */
    public double decayed(double score, long now) {
        return score * Math.pow(2, -(now - EPOCH) / halfLifeMillis);
    }

    /** A decayed strength as shown: four significant digits, because old relationships decay to tiny numbers that must still compare. */
    public static double rounded(double value) {
        return value == 0 ? 0 : new BigDecimal(value).round(DISPLAY).doubleValue();
    }

    /**
     * A {@link #rounded rounded} strength as the web view writes it: the same number the API's JSON gives, in plain
     * digits down to 0.001 and in E notation below (mail years old decays to 1E-20 and less, and must not all read 0.00).
     */
    public static String text(double rounded) {
        BigDecimal value = BigDecimal.valueOf(rounded).stripTrailingZeros();
        return rounded == 0 ? "0" : Math.abs(rounded) >= 0.001 ? value.toPlainString() : value.toString();
    }

    /**
     * The smallest unrounded value this class is sure {@link #rounded rounds} like {@code value} does, for callers
     * that keep a shown strength while it decays: rounding never decreases as its input grows, so every value from
     * this one up to {@code value} shows the same. Nearly half a unit of the last shown digit below the shown value
     * when that checks out (minutes of decay), else {@code value} itself.
     */
    public static double lowestRoundingAs(double value) {
        if (value == 0) {
            return 0;
        }
        BigDecimal shown = new BigDecimal(value).round(DISPLAY);
        double lowest = shown.subtract(shown.ulp().multiply(NEARLY_HALF)).doubleValue();
        return lowest <= value && rounded(lowest) == shown.doubleValue() ? lowest : value;
    }
}
