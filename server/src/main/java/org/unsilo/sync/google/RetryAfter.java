package org.unsilo.sync.google;

import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import java.io.IOException;

/**
 * Google's answers 429, 503 and 504 are retried after the time the server asks for ({@code Retry-After}, seconds),
 * else after an exponential backoff; bounded in attempts and in each wait, so a round never hangs on a provider.
 */
final class RetryAfter implements HttpUnsuccessfulResponseHandler {

    static final int MAX_ATTEMPTS = 4;
    static final long MAX_WAIT_MILLIS = 60_000;

    private int attempts;

    @Override
    public boolean handleResponse(HttpRequest request, HttpResponse response, boolean supportsRetry) throws IOException {
        int status = response.getStatusCode();
        if (!supportsRetry || (status != 429 && status != 503 && status != 504) || attempts >= MAX_ATTEMPTS) {
            return false;
        }
        attempts++;
        long wait = waitMillis(response.getHeaders().getRetryAfter(), attempts);
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    static long waitMillis(String retryAfter, int attempt) {
        if (retryAfter != null) {
            try {
                return Math.min(MAX_WAIT_MILLIS, Math.max(0, Long.parseLong(retryAfter.strip())) * 1000);
            } catch (NumberFormatException e) {
                // an HTTP date: fall back to the backoff below
            }
        }
        return Math.min(MAX_WAIT_MILLIS, 1000L << (attempt - 1));
    }
}
