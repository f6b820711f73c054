package org.unsilo.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import org.junit.jupiter.api.Test;

class CausesTest {

    /** Like Jetty's HttpException: an interface that exceptions implement. */
    private interface Refusal {
        int code();
    }

    private static final class RefusedException extends RuntimeException implements Refusal {
        private final int code;

        RefusedException(int code, Throwable cause) {
            super("refused " + code, cause);
            this.code = code;
        }

        @Override
        public int code() {
            return code;
        }
    }

    @Test
    void theChainRunsFromTheFailureToItsInnermostCause() {
        BindException system = new BindException("Address already in use");
        IOException jetty = new IOException("Failed to bind", system);
        IllegalStateException outer = new IllegalStateException("start failed", jetty);

        assertThat(Causes.chain(outer)).containsExactly(outer, jetty, system);
        assertThat(Causes.chain(null)).isEmpty();
    }

    @Test
    void aChainThatComesBackOnItselfEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        Exception self = new Exception("self") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };

        assertThat(Causes.chain(a)).containsExactly(a, b);
        assertThat(Causes.chain(self)).containsExactly(self);
        assertThat(Causes.first(a, IOException.class)).isEmpty();
    }

    @Test
    void firstIsTheOutermostOfTheTypeThatPassesTheTest() {
        IOException inner = new IOException("inner");
        IOException middle = new IOException("middle", inner);
        UncheckedIOException outer = new UncheckedIOException(middle);

        assertThat(Causes.first(outer, IOException.class)).containsSame(middle);
        assertThat(Causes.first(outer, IOException.class, e -> e.getCause() == null)).containsSame(inner);
        assertThat(Causes.first(outer, BindException.class)).isEmpty();
    }

    @Test
    void theTypeMayBeAnInterface() {
        RefusedException badRequest = new RefusedException(400, null);
        RefusedException serverError = new RefusedException(500, badRequest);

        assertThat(Causes.first(new RuntimeException(serverError), Refusal.class, r -> r.code() < 500)).containsSame(badRequest);
    }
}
