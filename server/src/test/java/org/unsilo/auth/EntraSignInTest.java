package org.unsilo.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.javalin.Javalin;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestServer;

/**
 * Entra ID access tokens on /api, minted here with nimbus and checked against a JWKS served by a local stub:
 * every way a token can be wrong gets 401; key rotation at the stub is picked up without a restart.
 */
class EntraSignInTest {

    private static final String CLIENT_ID = "6b1d4f7e-2a55-4c1b-9c0f-3f8f5d3b2a10";
    private static final String TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
    private static final String OTHER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String ISSUER = "https://login.microsoftonline.com/{tenantid}/v2.0";

    private static final AtomicReference<JWKSet> published = new AtomicReference<>();
    private static final AtomicInteger jwksFetches = new AtomicInteger();
    private static Javalin jwks;
    private static RSAKey key;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        published.set(new JWKSet(key.toPublicJWK()));
        jwks = Javalin.create(cfg -> cfg.routes.get("/discovery/v2.0/keys", ctx -> {
            jwksFetches.incrementAndGet();
            ctx.contentType("application/json").result(published.get().toString());
        })).start("127.0.0.1", 0);
        server = TestServer.start(Map.of(
                ConfigLoader.ENTRA_CLIENT_ID, CLIENT_ID,
                ConfigLoader.ENTRA_TENANTS, TENANT + ", " + OTHER_TENANT.substring(0, 8),
                ConfigLoader.ENTRA_JWKS_URL, "http://127.0.0.1:" + jwks.port() + "/discovery/v2.0/keys",
                ConfigLoader.ENTRA_ISSUER, ISSUER,
                ConfigLoader.ENTRA_PROVISION_DOMAINS, "contoso.example"));
        server.staff("megan@contoso.example", "Megan Bowen");
    }

    @AfterAll
    static void stop() {
        server.close();
        jwks.stop();
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER.replace("{tenantid}", TENANT))
                .audience(CLIENT_ID)
                .claim("tid", TENANT)
                .claim("oid", "00000000-0000-0000-0000-00000000aaaa")
                .claim("preferred_username", "Megan@contoso.example")
                .claim("name", "Megan Bowen")
                .claim("scp", "access_as_user")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(10)))
                .expirationTime(Date.from(now.plus(1, ChronoUnit.HOURS)));
    }

    private static String signed(RSAKey with, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    private static String token(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return signed(key, change.apply(claims()).build());
    }

    private static TestServer.Response me(String token) {
        return server.get("/api/v1/me", token);
    }

    @Test
    void theServerRefusesToStartWithEntraSignInButNoTenantAllowList() {
        assertThatThrownBy(() -> TestServer.start(Map.of(ConfigLoader.ENTRA_CLIENT_ID, CLIENT_ID)))
                .hasMessageContaining(ConfigLoader.ENTRA_TENANTS);
    }

    @Test
    void aValidTokenSignsInTheStaffMemberWithThatAddress() throws Exception {
        TestServer.Response r = me(token(b -> b));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().path("email").asText()).isEqualTo("megan@contoso.example");
        // The same person again is found by the linked Entra object id, even under a new address.
        JsonNode again = me(token(b -> b.claim("preferred_username", "megan.bowen@contoso.example"))).json();
        assertThat(again.path("email").asText()).isEqualTo("megan@contoso.example");
    }

    @Test
    void unknownPeopleOfAProvisionedDomainBecomeMembersOthersDoNot() throws Exception {
        TestServer.Response created = me(token(b -> b.claim("oid", "oid-new-1").claim("preferred_username", "nestor@contoso.example")
                .claim("name", "Nestor Wilke")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().path("name").asText()).isEqualTo("Nestor Wilke");
        assertThat(created.json().path("role").asText()).isEqualTo("member");
        assertThat(me(token(b -> b.claim("oid", "oid-new-2").claim("preferred_username", "eve@elsewhere.example"))).status())
                .isEqualTo(401);
    }

    @Test
    void everyKindOfBadTokenIsRefused() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("key-1").generate();
        Instant now = Instant.now();
        Map<String, String> bad = Map.of(
                "wrong signature", signed(impostor, claims().build()),
                "wrong issuer", token(b -> b.issuer("https://sts.windows.net/" + TENANT + "/")),
                "wrong audience", token(b -> b.audience("00000003-0000-0000-c000-000000000000")),
                "tenant not allowed", token(b -> b.claim("tid", OTHER_TENANT).issuer(ISSUER.replace("{tenantid}", OTHER_TENANT))),
                "expired", token(b -> b.expirationTime(Date.from(now.minus(5, ChronoUnit.MINUTES)))),
                "not yet valid", token(b -> b.notBeforeTime(Date.from(now.plus(5, ChronoUnit.MINUTES)))),
                "alg none", new PlainJWT(claims().build()).serialize(),
                "HS256 with the public key as secret", hs256WithPublicKey(),
                "no tenant", token(b -> b.claim("tid", null)),
                "garbage", "not.a.jwt");
        bad.forEach((why, token) -> {
            TestServer.Response r = me(token);
            assertThat(r.status()).as(why + ": " + r.body()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
        });
        // Within the minute of allowed clock skew, a just-expired token still works.
        assertThat(me(token(b -> b.expirationTime(Date.from(now.minusSeconds(20))))).status()).isEqualTo(200);
    }

    private static String hs256WithPublicKey() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claims().build());
        jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }

    @Test
    void aRotatedKeyIsPickedUpWithoutARestart() throws Exception {
        assertThat(me(token(b -> b)).status()).isEqualTo(200);
        int before = jwksFetches.get();
        RSAKey next = new RSAKeyGenerator(2048).keyID("key-2").generate();
        published.set(new JWKSet(java.util.List.of(key.toPublicJWK(), next.toPublicJWK())));
        TestServer.Response r = me(signed(next, claims().claim("oid", "oid-rotated").build()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(jwksFetches.get()).as("the unknown key id made the server fetch the key set again").isGreaterThan(before);
    }
}
