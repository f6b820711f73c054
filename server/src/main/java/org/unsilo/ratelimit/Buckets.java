package org.unsilo.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * Where token buckets live: in this server's memory (one server on SQLite) or in the database, so that several
 * servers on one PostgreSQL count every request against the same bucket whichever server answers it.
 */
public interface Buckets extends AutoCloseable {

    /** The bucket of {@code key}, created full with {@code limit} on first use. */
    Bucket bucket(String key, Limit limit);

    @Override
    default void close() {
    }

    /** {@code amount} requests per {@code per}, refilled gradually; also the most that can come at once. */
    record Limit(long amount, Duration per) {

        Bandwidth bandwidth() {
            return Bandwidth.builder().capacity(amount).refillGreedy(amount, per).build();
        }

        BucketConfiguration configuration() {
            return BucketConfiguration.builder().addLimit(bandwidth()).build();
        }
    }

    /** The application's clock as Bucket4j's time source, so that tests can move time on. */
    static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return Math.multiplyExact(clock.millis(), 1_000_000L);
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
