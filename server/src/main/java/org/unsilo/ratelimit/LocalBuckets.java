package org.unsilo.ratelimit;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * Buckets in this server's memory, for a single server. Idle buckets are dropped after an hour (longer than any
 * limit takes to refill, so they were full anyway); past {@link #MAX_KEYS} the least used go first, which at worst
 * gives someone a fresh bucket, never locks everyone out.
 */
public final class LocalBuckets implements Buckets {

    private static final int MAX_KEYS = 100_000;

    private final TimeMeter time;
    private final Cache<String, Bucket> buckets = CacheBuilder.newBuilder()
            .expireAfterAccess(Duration.ofHours(1))
            .maximumSize(MAX_KEYS)
            .build();

    public LocalBuckets(Clock clock) {
        this.time = Buckets.timeMeter(clock);
    }

    @Override
    public Bucket bucket(String key, Limit limit) {
        try {
            return buckets.get(key, () -> Bucket.builder()
                    .withCustomTimePrecision(time)
                    .addLimit(limit.bandwidth())
                    .build());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
