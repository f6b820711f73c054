package org.unsilo.sync;

import com.google.api.client.auth.oauth2.AuthorizationCodeRequestUrl;
import com.google.api.client.auth.oauth2.AuthorizationCodeTokenRequest;
import com.google.api.client.auth.oauth2.ClientParametersAuthentication;
import com.google.api.client.auth.oauth2.RefreshTokenRequest;
import com.google.api.client.auth.oauth2.TokenResponse;
import com.google.api.client.auth.oauth2.TokenResponseException;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import java.io.IOException;
import org.unsilo.config.SyncConfig;

/**
 * OAuth 2.0 with the providers' token endpoints through Google's OAuth client library (it speaks plain RFC 6749,
 * so it serves Microsoft's v2 endpoints as well): the authorization URL with PKCE, the code exchange and refreshes.
 */
public final class OAuthClient {

    private final SyncConfig config;
    private final HttpTransport transport;

    public OAuthClient(SyncConfig config, HttpTransport transport) {
        this.config = config;
        this.transport = transport;
    }

    public String authorizationUrl(Provider p, String state, String codeChallenge, String redirectUri) {
        AuthorizationCodeRequestUrl url = new AuthorizationCodeRequestUrl(p.authorizeUrl(config), p.clientId(config))
                .setScopes(p.scopes()).setState(state).setRedirectUri(redirectUri);
        url.set("code_challenge", codeChallenge);
        url.set("code_challenge_method", "S256");
        if (p == Provider.GOOGLE) {
            // Google issues a refresh token only for offline access, and again only when consent is asked.
            url.set("access_type", "offline");
            url.set("prompt", "consent");
        }
        return url.build();
    }

    public TokenResponse exchange(Provider p, String code, String codeVerifier, String redirectUri) throws IOException {
        AuthorizationCodeTokenRequest r = new AuthorizationCodeTokenRequest(transport, GsonFactory.getDefaultInstance(),
                new GenericUrl(p.tokenUrl(config)), code).setRedirectUri(redirectUri)
                .setClientAuthentication(auth(p));
        r.set("code_verifier", codeVerifier);
        return r.execute();
    }

    /**
     * A new access token (and, with Microsoft, usually a new refresh token).
     *
     * @throws GrantRevokedException the provider no longer honours the refresh token
     */
    public TokenResponse refresh(Provider p, String refreshToken) throws IOException {
        RefreshTokenRequest r = new RefreshTokenRequest(transport, GsonFactory.getDefaultInstance(),
                new GenericUrl(p.tokenUrl(config)), refreshToken).setClientAuthentication(auth(p));
        if (p == Provider.MICROSOFT) {
            r.setScopes(p.scopes());
        }
        try {
            return r.execute();
        } catch (TokenResponseException e) {
            if (e.getDetails() != null && "invalid_grant".equals(e.getDetails().getError())) {
                throw new GrantRevokedException(p);
            }
            throw new IOException("the " + label(p) + " token endpoint answered HTTP " + e.getStatusCode()
                    + (e.getDetails() != null ? " (" + e.getDetails().getError() + ")" : ""));
        }
    }

    private ClientParametersAuthentication auth(Provider p) throws NotSetUpException {
        // A connection made while the client was configured outlives its removal from the settings.
        if (!config.hasClient(p.wireName())) {
            throw new NotSetUpException(p);
        }
        return new ClientParametersAuthentication(p.clientId(config), p.clientSecret(config));
    }

    static String label(Provider p) {
        return p == Provider.MICROSOFT ? "Microsoft" : "Google";
    }

    /** The provider's OAuth client is not configured on this server: only an admin can set it. */
    public static final class NotSetUpException extends IOException {
        NotSetUpException(Provider p) {
            super(SyncConfig.notSetUp(p.wireName()));
        }
    }

    /** The refresh token was revoked, expired or the password changed: only the user can reconnect. */
    public static final class GrantRevokedException extends IOException {
        GrantRevokedException(Provider p) {
            super(label(p) + " no longer accepts this connection's sign-in (the access was revoked, expired, or the"
                    + " password changed). The mailbox owner must connect it again in Settings.");
        }
    }
}
