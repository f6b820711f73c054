package org.unsilo.sync;

import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.common.hash.Hashing;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.unsilo.store.ConnectionDao;
import org.unsilo.store.ConnectionRow;
import org.unsilo.store.Database;
import org.unsilo.store.OAuthStateRow;

/**
 * The browser connect flow: authorization code with PKCE (S256). {@link #start} keeps a random state (as its
 * SHA-256 hash) with the encrypted code verifier for ten minutes; {@link #complete} accepts a state once, for the
 * provider it was made for, before it expires, then exchanges the code and stores the refresh token encrypted.
 */
public final class OAuthFlow {

    static final long STATE_MILLIS = 10 * 60_000;

    private final Database db;
    private final OAuthClient oauth;
    private final Connections connections;
    private final TokenCipher cipher;
    private final String baseUrl;
    private final Clock clock;

    public OAuthFlow(Database db, OAuthClient oauth, Connections connections, TokenCipher cipher, String baseUrl,
                     Clock clock) {
        this.db = db;
        this.oauth = oauth;
        this.connections = connections;
        this.cipher = cipher;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public String redirectUri(Provider p) {
        return baseUrl + "/oauth/" + p.wireName() + "/callback";
    }

    /** Where to send the user's browser to grant access. */
    public String start(long userId, Provider p) {
        // Random values and the S256 challenge from the OAuth SDK the web sign-in uses too (OidcFlows).
        String state = new State().getValue();
        CodeVerifier verifier = new CodeVerifier();
        String hash = sha256(state);
        db.write(h -> h.attach(ConnectionDao.class).insertState(hash, userId, p.wireName(),
                cipher.encrypt(verifier.getValue(), "oauth_state:" + hash), clock.millis() + STATE_MILLIS));
        return oauth.authorizationUrl(p, state, CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
                redirectUri(p));
    }

    /**
     * Finishes a sign-in the provider redirected back.
     *
     * @throws InvalidStateException the state is unknown, used, expired or for another provider
     */
    public ConnectionRow complete(Provider p, String state, String code) throws IOException {
        String hash = sha256(state);
        OAuthStateRow row = consume(p, hash);
        String verifier = cipher.decrypt(row.codeVerifier(), "oauth_state:" + hash);
        TokenResponse tokens = oauth.exchange(p, code, verifier, redirectUri(p));
        if (tokens.getRefreshToken() == null) {
            throw new IOException("the provider granted access but returned no refresh token, so sync could not run"
                    + " unattended; remove Unsilo from the account's connected apps and connect again");
        }
        return connections.connect(row.userId(), p, tokens.getRefreshToken());
    }

    /**
     * Ends a sign-in the provider answered with an error (the user declined, or the provider refused): its state is
     * used up, as by {@link #complete}.
     *
     * @throws InvalidStateException the state is unknown, used, expired or for another provider
     */
    public void abandon(Provider p, String state) {
        consume(p, sha256(state));
    }

    private OAuthStateRow consume(Provider p, String hash) {
        long now = clock.millis();
        OAuthStateRow row = db.write(h -> {
            ConnectionDao dao = h.attach(ConnectionDao.class);
            OAuthStateRow found = dao.state(hash).orElse(null);
            dao.consumeState(hash, now);
            return found;
        });
        if (row == null || row.expiresAt() < now || !row.provider().equals(p.wireName())) {
            throw new InvalidStateException();
        }
        return row;
    }

    /** The callback's state does not match a sign-in this server started (or it was used, or it expired). */
    public static final class InvalidStateException extends RuntimeException {
        InvalidStateException() {
            super("this sign-in link is unknown, was already used or has expired; start connecting again");
        }
    }

    private static String sha256(String s) {
        return Hashing.sha256().hashString(s, StandardCharsets.US_ASCII).toString();
    }
}
