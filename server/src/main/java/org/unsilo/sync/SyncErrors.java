package org.unsilo.sync;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import org.unsilo.common.Causes;

/** Why a round stopped, in words a mailbox owner or admin can act on (never with a token or a URL's secrets). */
final class SyncErrors {

    private SyncErrors() {
    }

    static String plainWords(Provider provider, Throwable e) {
        String who = provider == Provider.MICROSOFT ? "Microsoft Graph" : "Google";
        List<Throwable> chain = Causes.chain(e);
        for (Throwable t : chain) {
            if (t instanceof OAuthClient.NotSetUpException n) {
                return n.getMessage() + ".";
            }
            if (t instanceof com.microsoft.kiota.ApiException api && api.getResponseStatusCode() > 0) {
                return who + " answered HTTP " + api.getResponseStatusCode() + " (" + meaning(api.getResponseStatusCode())
                        + ") and retrying did not help.";
            }
            if (t instanceof GoogleJsonResponseException g) {
                return who + " answered HTTP " + g.getStatusCode() + " (" + meaning(g.getStatusCode()) + ")"
                        + (g.getDetails() != null && g.getDetails().getMessage() != null ? ": " + g.getDetails().getMessage() : "")
                        + ".";
            }
            if (t instanceof HttpResponseException h) {
                return who + " answered HTTP " + h.getStatusCode() + " (" + meaning(h.getStatusCode()) + ").";
            }
            if (t instanceof UnknownHostException || t instanceof ConnectException) {
                return "Could not reach " + who + " (" + t.getMessage() + "); check the network and the configured"
                        + " endpoint.";
            }
            if (t instanceof SocketTimeoutException) {
                return who + " did not answer in time.";
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return "The round stopped on an unexpected error: " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()) + (root instanceof IOException ? "" : ".");
    }

    private static String meaning(int status) {
        return switch (status) {
            case 401 -> "the sign-in was not accepted";
            case 403 -> "access denied: a permission (scope) is missing";
            case 404 -> "not found";
            case 410 -> "the saved position expired";
            case 429 -> "too many requests";
            case 500 -> "server error";
            case 502, 503, 504 -> "service unavailable";
            default -> "unexpected answer";
        };
    }
}
