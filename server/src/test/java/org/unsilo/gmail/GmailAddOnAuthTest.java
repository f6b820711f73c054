package org.unsilo.gmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.unsilo.testing.ProblemAssert.assertProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.apps.card.v1.Card;
import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.testing.AddOnCards;
import org.unsilo.testing.AddOnClient;
import org.unsilo.testing.AddOnServer;
import org.unsilo.testing.TestServer;

/**
 * Request verification of the Gmail add-on endpoints (DESIGN.md §8) against a running server: Google's signing keys
 * come from a local stub, tokens are signed with a local RSA key. Only a request carrying both a valid system ID token
 * for the exact endpoint URL and a valid user ID token of an allowed domain gets a card; everything else is a 401
 * problem with no card.
 */
class GmailAddOnAuthTest {

    private static final String HOME = GmailAddOn.HOMEPAGE;
    private static final String ADA = "ada@unsilo.test";

    private static AddOnServer addOn;
    private static TestServer server;
    private static AddOnClient client;

    @BeforeAll
    static void start() {
        addOn = AddOnServer.start(Map.of());
        server = addOn.server();
        client = addOn.client();
    }

    @AfterAll
    static void stop() {
        addOn.close();
    }

    private static String user(String email) {
        return client.sign(AddOnClient.userClaims(email, "Someone").build());
    }

    private static String system(String path) {
        return client.sign(AddOnClient.systemClaims(path).build());
    }

    /** A homepage call with these tokens; the system token goes in the header and in the event. */
    private static TestServer.Response home(String systemToken, String userToken) {
        return client.post(HOME, systemToken, AddOnClient.event(userToken, systemToken).toString());
    }

    private static void assertRejected(TestServer.Response r, String detailPart) {
        JsonNode p = assertProblem(r, 401);
        assertThat(p.path("detail").asText()).contains(detailPart);
        assertThat(r.body()).doesNotContain("pushCard").doesNotContain("renderActions");
    }

    @Test
    void aVerifiedCallGetsTheHomepageAndProvisionsTheUser() {
        AddOnCards.Answer a = AddOnCards.parse(home(system(HOME), user(ADA)));
        Card card = a.card();
        assertThat(card.getHeader().getTitle()).isEqualTo("Unsilo");
        assertThat(card.getSections(0).getWidgets(0).getTextInput().getName()).isEqualTo("query");
        assertThat(card.getSections(0).getWidgets(1).getButtonList().getButtons(0).getOnClick().getAction().getFunction())
                .as("action URLs are absolute and built from UNSILO_BASE_URL")
                .isEqualTo(AddOnClient.BASE_URL + "/gmail/action/search");
        assertThat(server.app().users().findByEmail(ADA)).as("auto-provisioned member of an allowed domain").isPresent();
    }

    @Test
    void theTokenInTheEventAloneIsAccepted() {
        String systemToken = system(HOME);
        AddOnCards.parse(client.post(HOME, null, AddOnClient.event(user(ADA), systemToken).toString()));
    }

    @Test
    void missingTokenIs401() {
        assertRejected(client.post(HOME, null, AddOnClient.event(user(ADA), null).toString()), "missing Google system ID token");
    }

    @Test
    void missingUserTokenIs401() {
        assertRejected(home(system(HOME), null), "userIdToken is missing");
    }

    @Test
    void wrongAudienceIs401() {
        // A token Google minted for another endpoint of ours cannot be replayed here.
        assertRejected(home(system(GmailAddOn.CONTEXTUAL), user(ADA)), "audience");
        // Nor one for the address the request was actually sent to: the audience comes from UNSILO_BASE_URL only.
        String local = client.sign(AddOnClient.systemClaims(HOME).audience(server.url(HOME)).build());
        assertRejected(home(local, user(ADA)), "audience");
    }

    @Test
    void expiredTokenIs401() {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        String expired = client.sign(AddOnClient.systemClaims(HOME).issueTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofHours(1)))).build());
        assertRejected(home(expired, user(ADA)), "xpired");
        String expiredUser = client.sign(AddOnClient.userClaims(ADA, "Ada").issueTime(Date.from(past))
                .expirationTime(Date.from(past.plus(Duration.ofHours(1)))).build());
        assertRejected(home(system(HOME), expiredUser), "xpired");
    }

    @Test
    void wrongSignerIs401() {
        // Same key id as Google's key, different key: a forger cannot borrow the kid.
        RSAKey forger = AddOnClient.newKey("google-key-1");
        assertRejected(home(AddOnClient.sign(AddOnClient.systemClaims(HOME).build(), forger), user(ADA)), "system ID token rejected");
        assertRejected(home(system(HOME), AddOnClient.sign(AddOnClient.userClaims(ADA, "Ada").build(), forger)),
                "user ID token rejected");
    }

    @Test
    void userOfADisallowedDomainIs401() {
        assertRejected(home(system(HOME), user("mallory@evil.example")), "domain is not allowed");
        assertThat(server.app().users().findByEmail("mallory@evil.example")).isEmpty();
        // An allowed-looking address in a foreign Workspace (hd) does not pass either.
        String foreignHd = client.sign(AddOnClient.userClaims("eve@unsilo.test", "Eve").claim("hd", "evil.example").build());
        assertRejected(home(system(HOME), foreignHd), "domain is not allowed");
        // A personal Google account on a company address carries no hd: not a Workspace account.
        String personal = client.sign(AddOnClient.userClaims("pat@unsilo.test", "Pat").claim("hd", null).build());
        assertRejected(home(system(HOME), personal), "domain is not allowed");
        assertThat(server.app().users().findByEmail("pat@unsilo.test")).isEmpty();
    }

    @Test
    void otherIssuerServiceAccountOrClientIs401() {
        assertRejected(home(client.sign(AddOnClient.systemClaims(HOME).issuer("https://evil.example").build()), user(ADA)),
                "issuer");
        assertRejected(home(client.sign(AddOnClient.systemClaims(HOME).claim("email", "someone@evil.example").build()),
                user(ADA)), "service account");
        assertRejected(home(client.sign(AddOnClient.systemClaims(HOME).claim("email_verified", false).build()), user(ADA)),
                "not verified");
        assertRejected(home(system(HOME), client.sign(AddOnClient.userClaims(ADA, "Ada").audience("other-client").build())),
                "audience");
        assertRejected(home(system(HOME), client.sign(AddOnClient.userClaims(ADA, "Ada").claim("email_verified", false).build())),
                "no verified e-mail");
    }

    @Test
    void headerAndEventTokensMustAgree() {
        TestServer.Response r = client.post(HOME, system(HOME), AddOnClient.event(user(ADA), system(HOME) + "x").toString());
        assertRejected(r, "differ");
    }

    @Test
    void aTokenThatIsNotAJwtIs401() {
        assertRejected(home("not-a-jwt", user(ADA)), "not a signed JWT");
    }

    @Test
    void brokenEventsAreProblemsNotCards() {
        // Without an event there is no one to show a card to.
        assertProblem(client.post(HOME, system(HOME), "{not json"), 400);
        assertProblem(client.post(HOME, system(HOME), ""), 400);
        // Once the caller is verified, Google shows our answer to a user: what is wrong is said in a card.
        Card card = AddOnCards.parse(client.call(GmailAddOn.CONTEXTUAL, ADA, e -> e)).card();
        assertThat(card.getHeader().getTitle()).isEqualTo("Unsilo could not read this message");
        assertThat(AddOnCards.text(card.getSections(0))).contains("gmail.messageId", "Open the message again");
    }

    @Test
    void theApiTokenFilterDoesNotApplyAndApiTokensDoNotWorkHere() {
        assertRejected(client.post(HOME, server.adminToken(), AddOnClient.event(user(ADA), null).toString()),
                "system ID token rejected");
    }

    @Test
    void strictCardParsingRejectsUnknownFields() {
        assertThatThrownBy(() -> AddOnCards.strict("{\"header\":{\"titel\":\"x\"}}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("titel");
        Card ok = AddOnCards.strict("{\"header\":{\"title\":\"x\"}}");
        assertThat(ok.getHeader().getTitle()).isEqualTo("x");
    }

    @Test
    void anUnconfiguredServerAnswers404() {
        try (TestServer plain = TestServer.start(Map.of())) {
            AddOnClient other = new AddOnClient(addOn.key(), plain);
            JsonNode p = assertProblem(other.post(HOME, system(HOME), AddOnClient.event(user(ADA), null).toString()), 404);
            assertThat(p.path("detail").asText()).contains("UNSILO_GOOGLE_ADDON_SERVICE_ACCOUNT");
        }
    }
}
