package org.unsilo.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing (Bucket4j token buckets): every attempt from one client address takes a token of
 * its bucket, and every failed attempt for one account takes a token of that account's bucket. An empty bucket
 * refuses further attempts until it refills. Buckets live in memory; past {@link #MAX_KEYS} the map is emptied
 * rather than grown, which at worst gives an attacker a fresh bucket, never locks out everyone.
 */
public final class LoginLimiter {

    private static final int MAX_KEYS = 50_000;

    /** How many attempts a bucket holds and how fast they come back. */
    public record Limit(int attempts, Duration per) {
    }

    public static final Limit PER_ADDRESS = new Limit(30, Duration.ofMinutes(5));
    public static final Limit PER_ACCOUNT = new Limit(8, Duration.ofMinutes(15));

    private final Limit perAddress;
    private final Limit perAccount;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public LoginLimiter(Limit perAddress, Limit perAccount) {
        this.perAddress = perAddress;
        this.perAccount = perAccount;
    }

    /** Takes one attempt from the client's bucket; false when it is empty. Also false when the account's is empty. */
    public boolean tryAttempt(String clientAddress, String account) {
        Bucket accountBucket = bucket("u:" + normalise(account), perAccount);
        return accountBucket.getAvailableTokens() > 0 && bucket("ip:" + clientAddress, perAddress).tryConsume(1);
    }

    /** Counts a failed password for the account. */
    public void failed(String account) {
        bucket("u:" + normalise(account), perAccount).tryConsume(1);
    }

    private Bucket bucket(String key, Limit limit) {
        if (buckets.size() >= MAX_KEYS) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.attempts()).refillGreedy(limit.attempts(), limit.per()).build())
                .build());
    }

    private static String normalise(String account) {
        return account == null ? "" : account.trim().toLowerCase(Locale.ROOT);
    }
}
