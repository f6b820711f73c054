package org.unsilo.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OIDC provider of the web view's sign-in, as a confidential client: builds the authorization request
 * (code + PKCE S256, state, nonce), exchanges the code with the client secret, validates the ID token (signature
 * against the provider's cached JWKS, RS256 only, {@code iss}, {@code aud} = client id, {@code nonce},
 * {@code exp}/{@code iat} with a minute of skew) and hands its claims to the provider's own rule (tenant, domain,
 * verified address) to name the person.
 */
public final class OidcProvider {

    private static final Logger LOG = LoggerFactory.getLogger(OidcProvider.class);
    static final int MAX_CLOCK_SKEW_SECONDS = 60;
    private static final Scope SCOPE = new Scope("openid", "email", "profile");

    /** Turns validated ID token claims into a person, or refuses with a reason for the sign-in page. */
    @FunctionalInterface
    public interface IdentityRule {
        VerifiedIdentity identify(JWTClaimsSet claims) throws OidcException;
    }

    private final String name;
    private final String label;
    private final ClientID clientId;
    private final Secret secret;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final Map<String, IDTokenValidator> validatorsByIssuer;
    private final IdentityRule rule;
    private final Set<String> provisionDomains;

    /**
     * @param name the provider name in URLs and in {@link ExternalIdentities} ({@code entra}, {@code google})
     * @param label what the sign-in button calls it
     * @param validatorsByIssuer one validator per accepted issuer (Entra: one per allowed tenant)
     * @param provisionDomains address domains whose unknown users become members on first sign-in
     */
    OidcProvider(String name, String label, String clientId, String secret, URI authorizationEndpoint, URI tokenEndpoint,
                 Map<String, IDTokenValidator> validatorsByIssuer, IdentityRule rule, Set<String> provisionDomains) {
        this.name = name;
        this.label = label;
        this.clientId = new ClientID(clientId);
        this.secret = new Secret(secret);
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.validatorsByIssuer = Map.copyOf(validatorsByIssuer);
        this.rule = rule;
        this.provisionDomains = Set.copyOf(provisionDomains);
        this.validatorsByIssuer.values().forEach(v -> v.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS));
    }

    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    public Set<String> provisionDomains() {
        return provisionDomains;
    }

    /** Where to send the browser to sign in. */
    public URI authorizationUri(URI redirectUri, State state, Nonce nonce, CodeVerifier verifier) {
        return new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, clientId, redirectUri)
                .endpointURI(authorizationEndpoint)
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Exchanges the code and names the person its ID token is about; refuses with a reason fit for people. */
    public VerifiedIdentity complete(String code, URI redirectUri, CodeVerifier verifier, Nonce nonce) throws OidcException {
        JWT idToken = exchange(code, redirectUri, verifier);
        return rule.identify(validate(idToken, nonce));
    }

    private JWT exchange(String code, URI redirectUri, CodeVerifier verifier) throws OidcException {
        TokenRequest request = new TokenRequest(tokenEndpoint, new ClientSecretPost(clientId, secret),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier));
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(5_000);
        http.setReadTimeout(10_000);
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            LOG.warn("{} sign-in: token endpoint unreachable: {}", name, e.getMessage());
            throw new OidcException(label + " could not be reached to finish signing in. Try again in a moment.");
        } catch (ParseException e) {
            LOG.warn("{} sign-in: unreadable token response: {}", name, e.getMessage());
            throw new OidcException(label + " answered in a way Unsilo does not understand. Try again, or ask an admin.");
        }
        if (!response.indicatesSuccess()) {
            var error = response.toErrorResponse().getErrorObject();
            LOG.info("{} sign-in: token endpoint refused the code: {} {}", name, error.getCode(), error.getDescription());
            throw new OidcException(label + " refused to complete the sign-in (" + error.getCode() + "). Start again.");
        }
        JWT idToken = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
        if (idToken == null) {
            throw new OidcException(label + " sent no ID token. Start again.");
        }
        return idToken;
    }

    private JWTClaimsSet validate(JWT idToken, Nonce nonce) throws OidcException {
        try {
            // The issuer only picks the validator; the validator then checks it along with the signature.
            IDTokenValidator validator = validatorsByIssuer.get(idToken.getJWTClaimsSet().getIssuer());
            if (validator == null) {
                LOG.info("{} sign-in refused: issuer {} is not accepted", name, idToken.getJWTClaimsSet().getIssuer());
                throw new OidcException(label + " signed you in to an organisation or account this server does not accept.");
            }
            return validator.validate(idToken, nonce).toJWTClaimsSet();
        } catch (java.text.ParseException | com.nimbusds.oauth2.sdk.ParseException e) {
            LOG.info("{} sign-in refused: unreadable ID token: {}", name, e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            LOG.info("{} sign-in refused: {}", name, e.getMessage());
        }
        throw new OidcException("The answer from " + label + " could not be verified. Start again.");
    }
}
