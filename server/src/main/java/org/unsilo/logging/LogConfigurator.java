package org.unsilo.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import java.util.Map;

/**
 * Sets up logging in code, found by Logback through {@code META-INF/services}. The same set-up as a
 * {@code logback.xml} would be, without Logback's XML configurator: parsing that file loaded ~500 classes and took a
 * few hundred milliseconds of every start, a good part of the 1.5 s a server may take to become ready.
 *
 * <p>Everything goes to stderr, as plain lines ({@code UNSILO_LOG_FORMAT=text}, the default) or one JSON object per
 * line ({@code json}, Logback's own {@link JsonEncoder}; request lines carry their fields in {@code kvpList}).
 * Request lines carry method, route, path, status, time and user id only: never headers, cookies, query strings or
 * bodies, so tokens, session cookies and passwords cannot end up in logs. {@code UNSILO_LOG_LEVEL} sets the level
 * (default INFO); the libraries' own chatter is kept to warnings.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String FORMAT = "UNSILO_LOG_FORMAT";
    static final String LEVEL = "UNSILO_LOG_LEVEL";
    static final String OWN_FILE = "logback.configurationFile";
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{20} - %msg%n";
    private static final String[] QUIET = {"org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb", "io.javalin",
            "com.github.kagkarlsson"};

    private final Map<String, String> env;

    public LogConfigurator() {
        this(System.getenv());
    }

    LogConfigurator(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(OWN_FILE) != null) {
            // An operator's own Logback file (-Dlogback.configurationFile=...) wins, as it would over a logback.xml.
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder(context));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(env.getOrDefault(LEVEL, "INFO").trim(), Level.INFO));
        root.addAppender(console);
        for (String name : QUIET) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private Encoder<ILoggingEvent> encoder(LoggerContext context) {
        // ConfigLoader refuses any value but text or json when the server starts; a CLI command that reads no
        // settings still logs, in text.
        if (env.getOrDefault(FORMAT, "text").trim().toLowerCase(Locale.ROOT).equals("json")) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(PATTERN);
        text.start();
        return text;
    }
}
