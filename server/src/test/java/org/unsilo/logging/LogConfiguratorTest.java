package org.unsilo.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {

    @Test
    void logbackFindsItAsItsConfigurator() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(p -> p.type().getName()))
                .containsExactly(LogConfigurator.class.getName());
        assertThat(getClass().getResource("/logback.xml")).as("an XML file would be parsed instead").isNull();
    }

    @Test
    void plainLinesOnStandardErrorByDefault() {
        LoggerContext context = configured(Map.of());
        ConsoleAppender<ILoggingEvent> console = console(context);
        assertThat(console.getTarget()).isEqualTo("System.err");
        assertThat(console.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.eclipse.jetty.server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.github.kagkarlsson.scheduler.Scheduler").getEffectiveLevel())
                .as("the mailbox-sync scheduler's start and stop notes").isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.unsilo.http.RequestLog").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void jsonAndTheLevelFromTheEnvironment() {
        LoggerContext context = configured(Map.of("UNSILO_LOG_FORMAT", "json", "UNSILO_LOG_LEVEL", "debug"));
        assertThat(console(context).getEncoder()).isInstanceOf(JsonEncoder.class);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void anOperatorsOwnLogbackFileIsLeftToLogback() {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator(Map.of());
        configurator.setContext(context);
        System.setProperty(LogConfigurator.OWN_FILE, "/etc/unsilo/logback.xml");
        try {
            assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console")).isNull();
        } finally {
            System.clearProperty(LogConfigurator.OWN_FILE);
        }
    }

    private static LoggerContext configured(Map<String, String> env) {
        LoggerContext context = new LoggerContext();
        LogConfigurator configurator = new LogConfigurator(env);
        configurator.setContext(context);
        assertThat(configurator.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        return (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
    }
}
