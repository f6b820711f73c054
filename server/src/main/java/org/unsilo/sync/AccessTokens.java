package org.unsilo.sync;

import com.google.api.client.auth.oauth2.TokenResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.unsilo.store.ConnectionRow;

/**
 * The access token of one connection during a round: obtained from the stored refresh token when first needed and
 * again shortly before it expires. A refresh token the provider rotates is stored (encrypted) at once, because the
 * old one may already be invalid.
 */
public final class AccessTokens {

    private static final long EARLY_MILLIS = 60_000;

    private final OAuthClient oauth;
    private final Connections connections;
    private final ConnectionRow connection;
    private final Provider provider;
    private final Clock clock;
    private String refreshToken;
    private String accessToken;
    private long expiresAt;

    public AccessTokens(OAuthClient oauth, Connections connections, ConnectionRow connection, Clock clock) {
        this.oauth = oauth;
        this.connections = connections;
        this.connection = connection;
        this.provider = Provider.fromWire(connection.provider());
        this.clock = clock;
    }

    /** A valid access token; refreshes when needed. */
    public synchronized String current() throws IOException {
        if (accessToken == null || clock.millis() >= expiresAt - EARLY_MILLIS) {
            if (refreshToken == null) {
                refreshToken = connections.refreshToken(connection)
                        .orElseThrow(() -> new OAuthClient.GrantRevokedException(provider));
            }
            String refresh = refreshToken;
            TokenResponse r = oauth.refresh(provider, refresh);
            accessToken = r.getAccessToken();
            Long seconds = r.getExpiresInSeconds();
            expiresAt = clock.millis() + (seconds == null ? 3600 : seconds) * 1000;
            if (r.getRefreshToken() != null && !r.getRefreshToken().equals(refresh)) {
                connections.replaceToken(connection, r.getRefreshToken());
                refreshToken = r.getRefreshToken();
            } else if (connections.needsReencryption(connection)) {
                connections.replaceToken(connection, refresh);
            }
        }
        return accessToken;
    }

    /** For SDK callbacks that cannot throw checked exceptions. */
    public String currentUnchecked() {
        try {
            return current();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
