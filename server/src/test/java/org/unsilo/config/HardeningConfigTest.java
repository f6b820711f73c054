package org.unsilo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits, trusted proxies and the log format: defaults, accepted values, and one-line refusals. */
class HardeningConfigTest {

    private static Config load(Map<String, String> env) {
        return new ConfigLoader(env).load(null, Map.of());
    }

    @Test
    void defaultsAreGenerousLimitsAndNoTrustedProxy() {
        Config c = load(Map.of());
        assertThat(c.rateLimits()).isEqualTo(new Config.RateLimits(1200, 300));
        assertThat(c.trustedProxies()).isEmpty();
    }

    @Test
    void limitsCanBeSetOrTurnedOffAndProxiesListedAsAddressesOrBlocks() {
        Config c = load(Map.of("UNSILO_RATE_LIMIT_PER_TOKEN", "0", "UNSILO_RATE_LIMIT_PER_IP", "50",
                "UNSILO_TRUSTED_PROXIES", " 10.0.0.0/8, 192.168.1.7 ,fd00::/8,::1", "UNSILO_LOG_FORMAT", "json"));
        assertThat(c.rateLimits()).isEqualTo(new Config.RateLimits(0, 50));
        assertThat(c.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1");
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> load(Map.of("UNSILO_RATE_LIMIT_PER_TOKEN", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_RATE_LIMIT_PER_TOKEN");
        assertThatThrownBy(() -> load(Map.of("UNSILO_RATE_LIMIT_PER_IP", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_RATE_LIMIT_PER_IP");
        for (String proxy : new String[] {"proxy.internal", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x"}) {
            assertThatThrownBy(() -> load(Map.of("UNSILO_TRUSTED_PROXIES", proxy))).as(proxy)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_TRUSTED_PROXIES").hasMessageContaining(proxy);
        }
        assertThatThrownBy(() -> load(Map.of("UNSILO_LOG_FORMAT", "xml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("UNSILO_LOG_FORMAT must be 'text' or 'json'");
    }
}
