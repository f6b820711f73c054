package org.unsilo.auth;

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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.unsilo.config.Config;

/**
 * Verifies Entra ID access tokens for this server's API (the Outlook add-in gets them through nested app
 * authentication): RS256 only, signed by a key of the configured JWKS (fetched, cached, and re-fetched when an
 * unknown key id shows up, so Microsoft's key rotation needs no restart), {@code aud} = our client id,
 * {@code tid} in the allow-list, {@code iss} = the issuer template for that tenant, {@code exp}/{@code nbf} with
 * one minute of skew.
 */
public final class EntraTokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenVerifier.class);
    static final int MAX_CLOCK_SKEW_SECONDS = 60;

    private final Config.Entra config;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public EntraTokenVerifier(Config.Entra config) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("Entra sign-in is not configured");
        }
        this.config = config;
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(config.jwksUrl()).toURL()).retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + config.jwksUrl(), e);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(config.clientId(), "api://" + config.clientId()), null,
                Set.of("exp", "iss", "tid", "oid"), null);
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The caller's identity when the token passes every check; empty (and a debug line, never the token) if not. */
    public Optional<VerifiedIdentity> verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            String tid = claims.getStringClaim("tid").toLowerCase(Locale.ROOT);
            if (!config.tenants().contains(tid)) {
                throw new BadJWTException("tenant " + tid + " is not allowed");
            }
            String issuer = config.issuerTemplate().replace("{tenantid}", tid);
            if (!issuer.equalsIgnoreCase(claims.getIssuer())) {
                throw new BadJWTException("issuer " + claims.getIssuer() + " is not " + issuer);
            }
            String email = claims.getStringClaim("preferred_username");
            return Optional.of(new VerifiedIdentity("entra", claims.getStringClaim("oid"),
                    email == null ? null : email.toLowerCase(Locale.ROOT), claims.getStringClaim("name")));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.debug("Entra token refused: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
