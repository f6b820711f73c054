package org.unsilo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unsilo.config.ConfigLoader;
import org.unsilo.testing.TestServer;

/**
 * X-Forwarded-* count only from a trusted proxy (issue 9): from anyone else they change neither the address that rate
 * limits count nor the scheme (HSTS, Secure cookies); from a trusted one the rightmost untrusted hop is the client.
 */
class TrustedProxiesTest {

    private static final String PER_IP = "2";

    @Test
    void headersFromAnUntrustedPeerAreIgnored() {
        try (TestServer s = TestServer.start(Map.of(ConfigLoader.RATE_LIMIT_PER_IP, PER_IP))) {
            assertThat(badToken(s, "203.0.113.1").status()).isEqualTo(401);
            assertThat(badToken(s, "203.0.113.2").status()).isEqualTo(401);
            assertThat(badToken(s, "203.0.113.3").status()).as("still the peer's bucket, whatever it claims").isEqualTo(429);

            TestServer.Response health = s.send(get(s, "/health").header("X-Forwarded-Proto", "https"), null);
            assertThat(health.header("Strict-Transport-Security")).as("the request came over plain HTTP").isNull();
            TestServer.Response login = s.send(get(s, "/login").header("X-Forwarded-Proto", "https"), null);
            assertThat(login.headers().get("set-cookie")).isNotEmpty().noneMatch(c -> c.contains("Secure"));
        }
    }

    @Test
    void fromATrustedProxyTheRightmostUntrustedHopIsTheClientAndItsSchemeCounts() {
        try (TestServer s = TestServer.start(Map.of(ConfigLoader.RATE_LIMIT_PER_IP, PER_IP,
                ConfigLoader.TRUSTED_PROXIES, "10.0.0.0/8, 127.0.0.1"))) {
            assertThat(badToken(s, "203.0.113.1").status()).isEqualTo(401);
            assertThat(badToken(s, "198.51.100.7, 203.0.113.1, 10.1.2.3").status())
                    .as("made-up hops left of the real client and trusted hops right of it").isEqualTo(401);
            assertThat(badToken(s, "203.0.113.1").status()).isEqualTo(429);
            assertThat(badToken(s, "203.0.113.2").status()).as("another client behind the proxy").isEqualTo(401);

            TestServer.Response health = s.send(get(s, "/health").header("X-Forwarded-Proto", "https"), null);
            assertThat(health.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
            TestServer.Response login = s.send(get(s, "/login").header("X-Forwarded-Proto", "https"), null);
            assertThat(login.headers().get("set-cookie")).isNotEmpty().allMatch(c -> c.contains("; Secure"));
            assertThat(s.send(get(s, "/health"), null).header("Strict-Transport-Security")).as("plain HTTP").isNull();
        }
    }

    @Test
    void resolvesChainsOfProxiesAndIgnoresWhatIsNoAddress() {
        ForwardedHeaders proxies = new ForwardedHeaders(List.of("10.0.0.0/8", "fd00::/8"));
        assertThat(proxies.resolve("10.0.0.1", "http", "crm.internal", "203.0.113.9, 10.0.0.5", "https", "crm.example.com"))
                .isEqualTo(new ForwardedHeaders.Caller("203.0.113.9", true, "crm.example.com"));
        assertThat(proxies.resolve("fd00::1", "http", "h", "[2001:db8::7]:4711", null, null).ip()).isEqualTo("2001:db8::7");
        assertThat(proxies.resolve("10.0.0.1", "http", "h", "10.0.0.9, 10.0.0.8", null, null).ip())
                .as("only proxies: the farthest one").isEqualTo("10.0.0.9");
        assertThat(proxies.resolve("10.0.0.1", "http", "h", "evil.example, 10.0.0.8", null, null).ip())
                .as("a hop that is no address ends the walk").isEqualTo("10.0.0.8");
        assertThat(proxies.resolve("10.0.0.1", "http", "h", null, "http", "bad host/x").host()).isEqualTo("h");
        assertThat(proxies.resolve("192.0.2.1", "http", "h", "203.0.113.9", "https", "other"))
                .isEqualTo(new ForwardedHeaders.Caller("192.0.2.1", false, "h"));
    }

    private static TestServer.Response badToken(TestServer s, String forwardedFor) {
        return s.send(get(s, "/api/v1/me").header("X-Forwarded-For", forwardedFor), "uns_not-a-real-token");
    }

    private static HttpRequest.Builder get(TestServer s, String path) {
        return HttpRequest.newBuilder(URI.create(s.url(path))).GET();
    }
}
