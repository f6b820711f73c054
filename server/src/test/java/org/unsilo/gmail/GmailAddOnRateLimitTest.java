package org.unsilo.gmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unsilo.testing.ProblemAssert.assertProblem;

import com.nimbusds.jose.jwk.RSAKey;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.AddOnClient;
import org.unsilo.testing.GoogleStub;
import org.unsilo.testing.TestServer;

/**
 * Every user's add-on requests reach us from Google's few addresses: verified ones count per user (their own
 * budget), so one busy colleague cannot throttle the company; only requests whose tokens fail count per address.
 */
class GmailAddOnRateLimitTest {

    private static final int PER_USER = 6;
    private static final int PER_ADDRESS = 3;

    private static RSAKey key;
    private static GoogleStub google;
    private static TestServer server;
    private static AddOnClient client;

    @BeforeAll
    static void start() {
        key = AddOnClient.newKey("google-key-1");
        google = new GoogleStub(key, AddOnClient.USER_OAUTH_TOKEN, AddOnClient.MESSAGE_TOKEN);
        Map<String, String> settings = new HashMap<>(AddOnClient.settings(google, "unsilo.test"));
        settings.put(ConfigLoader.RATE_LIMIT_PER_TOKEN, Integer.toString(PER_USER));
        settings.put(ConfigLoader.RATE_LIMIT_PER_IP, Integer.toString(PER_ADDRESS));
        server = TestServer.start(settings);
        client = new AddOnClient(key, server);
    }

    @AfterAll
    static void stop() {
        server.close();
        google.close();
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
        TestServer.Response limited = home("ada@unsilo.test");
        assertThat(assertProblem(limited, 429).path("detail").asText()).contains("for your account");
        assertThat(limited.header("Retry-After")).isNotBlank();

        // Her colleague, calling through the same Google address, still has a budget of their own.
        assertThat(home("bob@unsilo.test").status()).isEqualTo(200);

        for (int i = 0; i < PER_ADDRESS; i++) {
            assertProblem(home("eve@elsewhere.example"), 401);
        }
        assertThat(assertProblem(home("eve@elsewhere.example"), 429).path("detail").asText()).contains("from your address");
    }
}
