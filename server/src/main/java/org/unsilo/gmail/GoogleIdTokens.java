package org.unsilo.gmail;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;

/**
 * Verifies Google-signed OIDC ID tokens: RS256 signature by a key from Google's JWKS (fetched from a configurable URL
 * and cached by nimbus), issuer {@code accounts.google.com}, the expected audience, and expiry.
 */
public final class GoogleIdTokens {

    static final Set<String> ISSUERS = Set.of("https://accounts.google.com", "accounts.google.com");

    private final JWKSource<SecurityContext> keys;
    private final Clock clock;

    public GoogleIdTokens(String certsUrl, Clock clock) {
        try {
            this.keys = JWKSourceBuilder.create(URI.create(certsUrl).toURL()).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + certsUrl, e);
        }
        this.clock = clock;
    }

    /** Why a token was refused, in words fit for a 401 detail (never the token itself). */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message);
        }
    }

    /** The claims of {@code token} if it is a valid Google ID token for {@code audience}. */
    public JWTClaimsSet verify(String token, String audience) throws InvalidTokenException {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(audience), null,
                Set.of("iss", "sub", "exp", "iat"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        });
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT");
        } catch (BadJWTException e) {
            // Name the audience we expect: a wrong UNSILO_BASE_URL behind a proxy shows up exactly here.
            throw new InvalidTokenException(e.getMessage().contains("aud")
                    ? "audience is not " + audience : e.getMessage());
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(e.getMessage());
        } catch (JOSEException e) {
            throw new InvalidTokenException("cannot check the signature: " + e.getMessage());
        }
        if (!ISSUERS.contains(claims.getIssuer())) {
            throw new InvalidTokenException("issuer is not accounts.google.com");
        }
        return claims;
    }
}
