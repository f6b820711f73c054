package org.unsilo.web;

import java.time.Duration;
import java.util.Locale;
import org.unsilo.ratelimit.Buckets;

/**
 * Slows down password guessing (Bucket4j token buckets, in the same store as the request rate limits, so several
 * servers share them): every attempt from one client address takes a token of its bucket, and every failed attempt
 * for one account takes a token of that account's bucket. An empty bucket refuses further attempts until it refills.
 */
public final class LoginLimiter {

    public static final Buckets.Limit PER_ADDRESS = new Buckets.Limit(30, Duration.ofMinutes(5));
    public static final Buckets.Limit PER_ACCOUNT = new Buckets.Limit(8, Duration.ofMinutes(15));

    private final Buckets buckets;
    private final Buckets.Limit perAddress;
    private final Buckets.Limit perAccount;

    public LoginLimiter(Buckets buckets, Buckets.Limit perAddress, Buckets.Limit perAccount) {
        this.buckets = buckets;
        this.perAddress = perAddress;
        this.perAccount = perAccount;
    }

    /** Takes one attempt from the client's bucket; false when it is empty. Also false when the account's is empty. */
    public boolean tryAttempt(String clientAddress, String account) {
        return buckets.bucket(accountKey(account), perAccount).getAvailableTokens() > 0
                && buckets.bucket("login-ip:" + clientAddress, perAddress).tryConsume(1);
    }

    /** Counts a failed password for the account. */
    public void failed(String account) {
        buckets.bucket(accountKey(account), perAccount).tryConsume(1);
    }

    private static String accountKey(String account) {
        return "login-account:" + (account == null ? "" : account.trim().toLowerCase(Locale.ROOT));
    }
}
