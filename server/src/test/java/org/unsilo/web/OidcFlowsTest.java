package org.unsilo.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Pending OIDC sign-ins: single use, bound to the browser and provider, gone after ten minutes. */
class OidcFlowsTest {

    /** A clock the test moves by hand. */
    private static final class Hands extends Clock {
        private Instant now = Instant.parse("2026-01-01T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aStateIsTakenOnceByItsOwnBrowserAndProviderWithinTenMinutes() {
        Hands clock = new Hands();
        OidcFlows flows = new OidcFlows(clock);
        String state = flows.start("google", "cookie-1", "/contacts").orElseThrow().state().getValue();
        assertThat(flows.take(state, "google", "cookie-1")).map(OidcFlows.Pending::next).contains("/contacts");
        assertThat(flows.take(state, "google", "cookie-1")).as("used once").isEmpty();

        String other = flows.start("google", "cookie-1", "/").orElseThrow().state().getValue();
        assertThat(flows.take(other, "google", "cookie-2")).as("another browser").isEmpty();
        assertThat(flows.take(other, "google", "cookie-1")).as("burnt by the wrong attempt").isEmpty();

        String entra = flows.start("entra", "cookie-1", "/").orElseThrow().state().getValue();
        assertThat(flows.take(entra, "google", "cookie-1")).as("another provider's callback").isEmpty();

        String late = flows.start("google", "cookie-1", "/").orElseThrow().state().getValue();
        clock.now = clock.now.plus(OidcFlows.LIFETIME).plus(Duration.ofSeconds(1));
        assertThat(flows.take(late, "google", "cookie-1")).as("expired").isEmpty();

        String inTime = flows.start("google", "cookie-1", "/").orElseThrow().state().getValue();
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertThat(flows.take(inTime, "google", "cookie-1")).isPresent();
        assertThat(flows.take(null, "google", "cookie-1")).isEmpty();
    }
}
