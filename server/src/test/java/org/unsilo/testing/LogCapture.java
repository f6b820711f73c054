package org.unsilo.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Records everything logged in this JVM (every logger, formatted) while it is open. */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            lines.add(e.getLoggerName() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
        }
    };

    public LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    /** Each event as one line: logger name, formatted message and the message of any exception. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Waits until a line matches: the request log is written after the response has gone out, so a
     * client can be faster than the log.
     */
    public void awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        awaitLines(match, 1, timeout);
    }

    /** Waits until {@code count} lines match (see {@link #awaitLine}). */
    public void awaitLines(Predicate<String> match, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (lines.stream().filter(match).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " log lines matched within " + timeout + "; logged: " + lines);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
