package org.unsilo.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Plays Google calling the add-on: signs system and user ID tokens with a local RSA key (whose public half the
 * {@link GoogleStub} serves as Google's JWKS) and posts event objects shaped as Google documents them
 * (commonEventObject, authorizationEventObject, gmail) to a running {@link TestServer}.
 */
public final class AddOnClient {

    public static final String BASE_URL = "https://crm.unsilo.test";
    public static final String SERVICE_ACCOUNT = "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com";
    public static final String CLIENT_ID = "123456789012-unsilo.apps.googleusercontent.com";
    public static final String USER_OAUTH_TOKEN = "ya29.user-oauth-token-for-tests";
    public static final String MESSAGE_TOKEN = "message-access-token-for-tests";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RSAKey key;
    private final TestServer server;

    public AddOnClient(RSAKey key, TestServer server) {
        this.key = key;
        this.server = server;
    }

    public static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Settings that turn the add-on on and point it at {@code stub}. */
    public static Map<String, String> settings(GoogleStub stub, String domains) {
        return Map.of("UNSILO_BASE_URL", BASE_URL,
                "UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT", SERVICE_ACCOUNT,
                "UNSILO_GOOGLE_ADDON_CLIENT_ID", CLIENT_ID,
                "UNSILO_GOOGLE_WORKSPACE_DOMAINS", domains,
                "UNSILO_GOOGLE_CERTS_URL", stub.url("/oauth2/v3/certs"),
                "UNSILO_GOOGLE_API_ROOT", stub.url("/"));
    }

    /** Claims of the system ID token Google sends to {@code path}. */
    public static JWTClaimsSet.Builder systemClaims(String path) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("https://accounts.google.com").audience(BASE_URL + path)
                .subject("113456789012345678901").claim("azp", "113456789012345678901")
                .claim("email", SERVICE_ACCOUNT).claim("email_verified", true)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    /** Claims of the user ID token of a Workspace user. */
    public static JWTClaimsSet.Builder userClaims(String email, String name) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("https://accounts.google.com").audience(CLIENT_ID)
                .subject("1" + Math.abs((long) email.hashCode())).claim("email", email).claim("email_verified", true)
                .claim("name", name).claim("hd", email.substring(email.indexOf('@') + 1))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(1))));
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    public static String sign(JWTClaimsSet claims, RSAKey with) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An event as Google builds it; the {@code gmail} part and the rest are added by the caller. */
    public static ObjectNode event(String userIdToken, String systemIdToken) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode common = e.putObject("commonEventObject");
        common.put("hostApp", "GMAIL").put("platform", "WEB").put("userLocale", "en");
        common.putObject("timeZone").put("id", "Europe/Berlin").put("offset", 7200000);
        ObjectNode auth = e.putObject("authorizationEventObject");
        auth.put("userOAuthToken", USER_OAUTH_TOKEN);
        if (userIdToken != null) {
            auth.put("userIdToken", userIdToken);
        }
        if (systemIdToken != null) {
            auth.put("systemIdToken", systemIdToken);
        }
        return e;
    }

    /** Adds the opened message (contextual trigger and actions on its card). */
    public static ObjectNode withMessage(ObjectNode event, String messageId, String threadId) {
        event.putObject("gmail").put("messageId", messageId).put("threadId", threadId).put("accessToken", MESSAGE_TOKEN);
        return event;
    }

    /** Adds what a click carries: the widget's action parameters and the card's form inputs. */
    public static ObjectNode withClick(ObjectNode event, Map<String, String> parameters, Map<String, String> form) {
        ObjectNode common = (ObjectNode) event.get("commonEventObject");
        ObjectNode params = common.putObject("parameters");
        parameters.forEach(params::put);
        ObjectNode inputs = common.putObject("formInputs");
        form.forEach((k, v) -> inputs.putObject(k).putObject("stringInputs").putArray("value").add(v));
        return event;
    }

    /** Adds a draft's recipients (compose trigger). */
    public static ObjectNode withDraft(ObjectNode event, List<String> to, List<String> cc) {
        ObjectNode gmail = event.putObject("gmail");
        ArrayNode toNode = gmail.putArray("toRecipients");
        to.forEach(toNode::add);
        ArrayNode ccNode = gmail.putArray("ccRecipients");
        cc.forEach(ccNode::add);
        gmail.putArray("bccRecipients");
        return event;
    }

    /**
     * Posts {@code event} to {@code path} as Google would for {@code userEmail}: a fresh system ID token for that URL
     * in the header and the event, and a user ID token. {@code tweak} may alter the event before it is sent.
     */
    public TestServer.Response call(String path, String userEmail, UnaryOperator<ObjectNode> tweak) {
        String system = sign(systemClaims(path).build());
        ObjectNode event = tweak.apply(event(sign(userClaims(userEmail, "Ada Lovelace").build()), system));
        return post(path, system, event.toString());
    }

    /** A raw POST with the given bearer token (null: no Authorization header). */
    public TestServer.Response post(String path, String bearer, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return server.send(b, bearer);
    }
}
