package org.unsilo.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A local OpenID provider playing Entra ID ({@code /entra/{tenant}/oauth2/v2.0/...}, {@code /entra/keys}) and
 * Google ({@code /google/auth}, {@code /google/token}, {@code /google/certs}). Its authorization endpoint checks the
 * request (code flow, PKCE S256, state, nonce, scope) and "signs in" whoever the test chose; its token endpoint
 * checks the client secret, the redirect URI and the PKCE verifier against the challenge, uses each code once, and
 * returns an ID token minted with a local RSA key (claims adjustable per test).
 */
final class OidcProviderStub implements AutoCloseable {

    /** Who signs in next, and how the test spoils the ID token (identity: not at all). */
    record Login(Map<String, Object> claims, UnaryOperator<JWTClaimsSet.Builder> tweak) {
    }

    private record Grant(String provider, String clientId, String redirectUri, String challenge, String nonce, Login login) {
    }

    private final Map<String, String> secrets;
    private final RSAKey key;
    private final Javalin http;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicReference<Login> next = new AtomicReference<>();

    /** @param secrets client id → client secret */
    OidcProviderStub(Map<String, String> secrets) throws JOSEException {
        this.secrets = secrets;
        this.key = new RSAKeyGenerator(2048).keyID("stub-key").generate();
        this.http = Javalin.create(cfg -> {
            cfg.routes.get("/entra/{tenant}/oauth2/v2.0/authorize", ctx -> authorize(ctx, "entra"));
            cfg.routes.post("/entra/{tenant}/oauth2/v2.0/token", this::token);
            cfg.routes.get("/entra/keys", this::keys);
            cfg.routes.get("/google/auth", ctx -> authorize(ctx, "google"));
            cfg.routes.post("/google/token", this::token);
            cfg.routes.get("/google/certs", this::keys);
        }).start("127.0.0.1", 0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.port() + path;
    }

    /** The next sign-in at the authorization endpoint is this person, with the ID token changed by {@code tweak}. */
    void nextLogin(Map<String, Object> claims, UnaryOperator<JWTClaimsSet.Builder> tweak) {
        next.set(new Login(claims, tweak));
    }

    /** A token this provider would sign for other uses (e.g. an Entra access token for the API). */
    String sign(JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void keys(Context ctx) {
        ctx.contentType("application/json").result(new JWKSet(key.toPublicJWK()).toString());
    }

    private void authorize(Context ctx, String provider) {
        String redirect = ctx.queryParam("redirect_uri");
        List<String> problems = new java.util.ArrayList<>();
        require(problems, "code".equals(ctx.queryParam("response_type")), "response_type must be code");
        require(problems, "S256".equals(ctx.queryParam("code_challenge_method")), "code_challenge_method must be S256");
        require(problems, present(ctx.queryParam("code_challenge")), "code_challenge missing");
        require(problems, present(ctx.queryParam("state")), "state missing");
        require(problems, present(ctx.queryParam("nonce")), "nonce missing");
        require(problems, List.of(String.valueOf(ctx.queryParam("scope")).split(" ")).containsAll(List.of("openid", "email", "profile")),
                "scope must have openid email profile");
        require(problems, secrets.containsKey(ctx.queryParam("client_id")), "unknown client_id");
        require(problems, present(redirect) && redirect.endsWith("/login/oidc/" + provider + "/callback"), "bad redirect_uri");
        if (!problems.isEmpty()) {
            ctx.status(400).result(String.join("; ", problems));
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(provider, ctx.queryParam("client_id"), redirect, ctx.queryParam("code_challenge"),
                ctx.queryParam("nonce"), next.get()));
        ctx.redirect(redirect + "?code=" + code + "&state=" + URLEncoder.encode(ctx.queryParam("state"), StandardCharsets.UTF_8));
    }

    private void token(Context ctx) throws Exception {
        Grant grant = codes.remove(String.valueOf(ctx.formParam("code")));
        String clientId = ctx.formParam("client_id");
        if (!"authorization_code".equals(ctx.formParam("grant_type")) || clientId == null
                || !secrets.getOrDefault(clientId, "").equals(ctx.formParam("client_secret"))) {
            error(ctx, 401, "invalid_client");
            return;
        }
        if (grant == null || !grant.clientId().equals(clientId) || !grant.redirectUri().equals(ctx.formParam("redirect_uri"))
                || !grant.challenge().equals(s256(ctx.formParam("code_verifier")))) {
            error(ctx, 400, "invalid_grant");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .audience(clientId)
                .claim("nonce", grant.nonce())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(1, ChronoUnit.HOURS)));
        grant.login().claims().forEach(claims::claim);
        String idToken = sign(grant.login().tweak().apply(claims).build());
        ctx.contentType("application/json").result("{\"access_token\":\"at-" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":3600,\"scope\":\"openid email profile\",\"id_token\":\"" + idToken + "\"}");
    }

    private static String s256(String verifier) throws NoSuchAlgorithmException {
        if (verifier == null) {
            return "";
        }
        return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))).toString();
    }

    private static void error(Context ctx, int status, String error) {
        ctx.status(status).contentType("application/json").result("{\"error\":\"" + error + "\"}");
    }

    private static void require(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public void close() {
        http.stop();
    }
}
