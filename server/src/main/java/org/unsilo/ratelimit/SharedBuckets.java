package org.unsilo.ratelimit;

import com.google.common.hash.Hashing;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buckets in the PostgreSQL table {@code rate_limit_bucket} (Bucket4j's row-lock proxy manager), shared by every
 * server on the database. Keys are stored hashed (they contain client addresses and account names); rows of buckets
 * that have refilled are deleted every few minutes. Requests on one key from this server are batched into one
 * database round trip while another is under way.
 */
public final class SharedBuckets implements Buckets {

    private static final Logger LOG = LoggerFactory.getLogger(SharedBuckets.class);
    private static final Duration CLEAN_EVERY = Duration.ofMinutes(5);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;
    private final ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("unsilo-rate-limit-cleaner").setDaemon(true).build());

    public SharedBuckets(DataSource dataSource, Clock clock) {
        this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .clientClock(Buckets.timeMeter(clock))
                .build();
        cleaner.scheduleWithFixedDelay(this::removeExpired, CLEAN_EVERY.toSeconds(), CLEAN_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public Bucket bucket(String key, Limit limit) {
        return proxies.builder()
                .withOptimization(Optimizations.batching())
                .build(Hashing.sha256().hashString(key, StandardCharsets.UTF_8).toString(), limit::configuration);
    }

    private void removeExpired() {
        try {
            while (proxies.removeExpired(1000) == 1000) {
                // more to delete
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not delete expired rate limit buckets: {}", e.toString());
        }
    }

    @Override
    public void close() {
        cleaner.shutdownNow();
    }
}
