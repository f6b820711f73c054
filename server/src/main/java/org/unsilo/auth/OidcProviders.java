package org.unsilo.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.unsilo.config.Config;

/**
 * The web view's OIDC providers as configured: Entra ID (issuer per allowed tenant, person = {@code oid}) and
 * Google (issuer {@code accounts.google.com}, person = {@code sub}, verified address in an allowed Workspace
 * domain). Provider names match the Outlook and Gmail sign-in paths, so {@link ExternalIdentities} finds the same
 * account whichever way a person comes in.
 */
public final class OidcProviders {

    private OidcProviders() {
    }

    /** The enabled providers, Microsoft first. */
    public static List<OidcProvider> from(Config config) {
        List<OidcProvider> providers = new ArrayList<>();
        Config.WebSignIn web = config.webSignIn();
        if (web.entra().enabled()) {
            providers.add(entra(web.entra(), config.entra()));
        }
        if (web.google().enabled()) {
            providers.add(google(web.google(), config.google()));
        }
        return List.copyOf(providers);
    }

    static OidcProvider entra(Config.OidcClient client, Config.Entra entra) {
        Set<String> tenants = entra.tenants();
        Map<String, IDTokenValidator> validators = validators(client.clientId(), entra.jwksUrl(),
                tenants.stream().map(t -> entra.issuerTemplate().replace("{tenantid}", t)).toList());
        return new OidcProvider("entra", "Microsoft", client.clientId(), client.clientSecret(), URI.create(client.authorizationUrl()),
                URI.create(client.tokenUrl()), validators, claims -> {
                    String tid = lower(string(claims, "tid"));
                    if (tid == null || !tenants.contains(tid)) {
                        throw new OidcException("Your Microsoft organisation is not allowed to sign in to Unsilo.");
                    }
                    String oid = string(claims, "oid");
                    String email = lower(string(claims, "preferred_username"));
                    if (email == null || !email.contains("@")) {
                        email = lower(string(claims, "email"));
                    }
                    if (oid == null || email == null) {
                        throw new OidcException("Microsoft did not tell Unsilo who you are (object id and e-mail address).");
                    }
                    return new VerifiedIdentity("entra", oid, email, string(claims, "name"));
                }, entra.provisionDomains());
    }

    static OidcProvider google(Config.OidcClient client, Config.Google google) {
        Set<String> domains = google.domains();
        Map<String, IDTokenValidator> validators = validators(client.clientId(), google.certsUrl(),
                List.of("https://accounts.google.com", "accounts.google.com"));
        return new OidcProvider("google", "Google", client.clientId(), client.clientSecret(), URI.create(client.authorizationUrl()),
                URI.create(client.tokenUrl()), validators, claims -> {
                    String email = lower(string(claims, "email"));
                    if (email == null || !Boolean.TRUE.equals(bool(claims, "email_verified"))) {
                        throw new OidcException("Google has not verified the e-mail address of this account.");
                    }
                    // hd is set only for Workspace accounts: a consumer account that merely uses a company address has none.
                    String hd = lower(string(claims, "hd"));
                    if (hd == null || !domains.contains(hd) || !domains.contains(email.substring(email.lastIndexOf('@') + 1))) {
                        throw new OidcException("Only Google Workspace accounts of " + String.join(", ", domains.stream().sorted().toList())
                                + " may sign in to Unsilo.");
                    }
                    return new VerifiedIdentity("google", string(claims, "sub"), email, string(claims, "name"));
                }, domains);
    }

    /** One validator per issuer, all sharing one cached JWKS (re-fetched when an unknown key id shows up). */
    private static Map<String, IDTokenValidator> validators(String clientId, String jwksUrl, Collection<String> issuers) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad JWKS URL " + jwksUrl, e);
        }
        JWSVerificationKeySelector<SecurityContext> rs256Only = new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys);
        return issuers.stream().distinct().collect(Collectors.toUnmodifiableMap(Function.identity(),
                iss -> new IDTokenValidator(new Issuer(iss), new ClientID(clientId), rs256Only, null)));
    }

    private static String string(JWTClaimsSet claims, String name) throws OidcException {
        try {
            String value = claims.getStringClaim(name);
            return value == null || value.isBlank() ? null : value.strip();
        } catch (ParseException e) {
            throw new OidcException("The sign-in answer had a malformed " + name + " claim.");
        }
    }

    /** Google has sent {@code email_verified} both as a boolean and as the string "true". */
    private static Boolean bool(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof Boolean b ? b : value instanceof String s ? Boolean.valueOf(s) : null;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
