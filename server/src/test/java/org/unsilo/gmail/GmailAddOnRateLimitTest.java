package org.unsilo.gmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unsilo.testing.ProblemAssert.assertProblem;

import com.google.apps.card.v1.Card;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.AddOnCards;
import org.unsilo.testing.AddOnClient;
import org.unsilo.testing.AddOnServer;
import org.unsilo.testing.LogCapture;
import org.unsilo.testing.TestServer;

/**
 * Every user's add-on requests reach us from Google's few addresses: verified ones count per user (their own
 * budget), so one busy colleague cannot throttle the company; only requests whose tokens fail count per address.
 * A verified user over their limit is told in a card (Google shows no HTTP error), and counted as rate limited all
 * the same; anyone else gets the 429.
 */
class GmailAddOnRateLimitTest {

    private static final int PER_USER = 6;
    private static final int PER_ADDRESS = 3;

    private static AddOnServer addOn;
    private static AddOnClient client;

    @BeforeAll
    static void start() {
        addOn = AddOnServer.start(Map.of(ConfigLoader.RATE_LIMIT_PER_TOKEN, Integer.toString(PER_USER),
                ConfigLoader.RATE_LIMIT_PER_IP, Integer.toString(PER_ADDRESS)));
        client = addOn.client();
    }

    @AfterAll
    static void stop() {
        addOn.close();
    }

    private static TestServer.Response home(String email) {
        String system = client.sign(AddOnClient.systemClaims(GmailAddOn.HOMEPAGE).build());
        String user = client.sign(AddOnClient.userClaims(email, "Someone").build());
        return client.post(GmailAddOn.HOMEPAGE, system, AddOnClient.event(user, system).toString());
    }

    @Test
    void verifiedCallsCountPerUserAndFailedOnesPerAddress() {
        // Far more verified calls from this one address than the per-address limit allows.
        for (int i = 0; i < PER_USER; i++) {
            assertThat(home("ada@unsilo.test").status()).as("Ada's call %d", i + 1).isEqualTo(200);
        }
        // Google shows the user nothing of an HTTP error: a verified user over the limit is told so in a card.
        Card limited = AddOnCards.parse(home("ada@unsilo.test")).card();
        assertThat(limited.getHeader().getTitle()).isEqualTo("Too many requests");
        assertThat(AddOnCards.text(limited.getSections(0))).containsPattern("try again in [1-9][0-9]* seconds?\\.");
        // A click is answered with a notification.
        String system = client.sign(AddOnClient.systemClaims(AddOnAction.SEARCH.path()).build());
        String user = client.sign(AddOnClient.userClaims("ada@unsilo.test", "Ada").build());
        AddOnCards.Answer click = AddOnCards.parse(client.post(AddOnAction.SEARCH.path(), system,
                AddOnClient.withClick(AddOnClient.event(user, system), Map.of(), Map.of("query", "x")).toString()));
        assertThat(click.notification()).startsWith("Too many requests from your account: try again in");

        // Her colleague, calling through the same Google address, still has a budget of their own.
        assertThat(home("bob@unsilo.test").status()).isEqualTo(200);

        for (int i = 0; i < PER_ADDRESS; i++) {
            assertProblem(home("eve@elsewhere.example"), 401);
        }
        assertThat(assertProblem(home("eve@elsewhere.example"), 429).path("detail").asText()).contains("from your address");
    }

    @Test
    void aUserOverTheLimitIsCountedAsRateLimitedInTheRequestLogAndTheMetrics() throws InterruptedException {
        String cy = "cy@unsilo.test";
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < PER_USER; i++) {
                assertThat(home(cy).status()).as("Cy's call %d", i + 1).isEqualTo(200);
            }
            String user = " user " + addOn.server().app().users().findByEmail(cy).orElseThrow().id();
            log.awaitLines(l -> l.contains("POST " + GmailAddOn.HOMEPAGE + " 200 ") && l.endsWith(user), PER_USER,
                    Duration.ofSeconds(5));
            double limitedBefore = homepageCount("429");
            double answeredBefore = homepageCount("200");

            TestServer.Response limited = home(cy);
            // Gmail still gets its 200 and the card that tells Cy to wait.
            assertThat(AddOnCards.parse(limited).card().getHeader().getTitle()).isEqualTo("Too many requests");
            log.awaitLine(l -> l.contains("POST " + GmailAddOn.HOMEPAGE + " 429 (sent as 200) ") && l.endsWith(user),
                    Duration.ofSeconds(5));
            assertThat(homepageCount("429")).isEqualTo(limitedBefore + 1);
            assertThat(homepageCount("200")).as("not counted as answered").isEqualTo(answeredBefore);
        }
    }

    /** How many requests to the homepage {@code /metrics} counts with {@code status}. */
    private static double homepageCount(String status) {
        TestServer.Response metrics = addOn.server().get("/metrics", addOn.server().adminToken());
        assertThat(metrics.status()).isEqualTo(200);
        Matcher m = Pattern.compile("(?m)^http_server_requests_seconds_count\\{(?=[^}]*route=\"" + GmailAddOn.HOMEPAGE
                + "\")(?=[^}]*status=\"" + status + "\")[^}]*} (\\S+)$").matcher(metrics.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
