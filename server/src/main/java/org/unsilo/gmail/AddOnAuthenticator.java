package org.unsilo.gmail;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;
import org.unsilo.auth.ExternalIdentities;
import org.unsilo.auth.VerifiedIdentity;
import org.unsilo.config.Config;
import org.unsilo.http.ApiException;
import org.unsilo.store.UserRow;

/**
 * Decides who is calling an add-on endpoint (DESIGN.md §8). Google signs two tokens: the system ID token (the
 * {@code Authorization} header, also in the event) proves that Google's add-on service account of our deployment
 * sent the request to exactly this URL; the user ID token in the event names the Workspace user, who is mapped to a
 * staff account. Anything short of both is a 401.
 */
public final class AddOnAuthenticator {

    private final GoogleIdTokens tokens;
    private final Config.Google settings;
    private final String baseUrl;
    private final ExternalIdentities identities;

    public AddOnAuthenticator(GoogleIdTokens tokens, Config.Google settings, String baseUrl, ExternalIdentities identities) {
        this.tokens = tokens;
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.identities = identities;
    }

    /**
     * @param path the route that was called; the audience is rebuilt from the configured public URL, never from the
     *             request's Host or forwarding headers, which a caller controls
     * @param authorization the {@code Authorization} header, or null
     */
    public UserRow authenticate(String path, String authorization, AddOnEvent event) {
        String systemToken = systemToken(authorization, event);
        JWTClaimsSet system = verified(systemToken, baseUrl + path, "system ID token");
        try {
            if (!settings.addOnServiceAccount().equalsIgnoreCase(system.getStringClaim("email"))) {
                throw unauthorized("system ID token is not from this add-on's service account");
            }
            if (!Boolean.TRUE.equals(system.getBooleanClaim("email_verified"))) {
                throw unauthorized("system ID token's e-mail is not verified");
            }
        } catch (ParseException e) {
            throw unauthorized("system ID token has malformed e-mail claims");
        }
        String userToken = event.userIdToken();
        if (userToken == null || userToken.isBlank()) {
            throw unauthorized("authorizationEventObject.userIdToken is missing");
        }
        return identities.resolve(user(verified(userToken, settings.clientId(), "user ID token")), settings.domains())
                .orElseThrow(() -> unauthorized("this Google account has no active Unsilo account"));
    }

    private static String systemToken(String authorization, AddOnEvent event) {
        String header = null;
        if (authorization != null && !authorization.isBlank()) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw unauthorized("unsupported authorization scheme; Google sends 'Bearer <system ID token>'");
            }
            header = authorization.substring(7).trim();
        }
        String inEvent = event.systemIdToken();
        if (header == null && (inEvent == null || inEvent.isBlank())) {
            throw unauthorized("missing Google system ID token (Authorization header)");
        }
        if (header != null && inEvent != null && !inEvent.isBlank() && !header.equals(inEvent)) {
            throw unauthorized("the Authorization header and authorizationEventObject.systemIdToken differ");
        }
        return header != null ? header : inEvent;
    }

    private JWTClaimsSet verified(String token, String audience, String what) {
        try {
            return tokens.verify(token, audience);
        } catch (GoogleIdTokens.InvalidTokenException e) {
            throw unauthorized(what + " rejected: " + e.getMessage());
        }
    }

    private VerifiedIdentity user(JWTClaimsSet claims) {
        try {
            String email = claims.getStringClaim("email");
            if (email == null || !Boolean.TRUE.equals(claims.getBooleanClaim("email_verified"))) {
                throw unauthorized("user ID token has no verified e-mail address");
            }
            String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
            String hostedDomain = claims.getStringClaim("hd");
            Set<String> allowed = settings.domains();
            // hd is set only for Workspace accounts: a personal Google account registered on a company address has
            // none, and is refused here as in the web view's Google sign-in.
            if (!allowed.contains(domain) || hostedDomain == null || !allowed.contains(hostedDomain.toLowerCase(Locale.ROOT))) {
                throw unauthorized("user's Google Workspace domain is not allowed on this server");
            }
            return new VerifiedIdentity("google", claims.getSubject(), email, claims.getStringClaim("name"));
        } catch (ParseException e) {
            throw unauthorized("user ID token has malformed claims");
        }
    }

    private static ApiException unauthorized(String detail) {
        return ApiException.unauthorized(detail);
    }
}
