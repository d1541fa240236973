package io.auditsearch.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything logged in this test JVM from the first use on (messages, arguments and stack traces),
 * with the service's and micronaut-security's loggers at DEBUG, so a secret logged at any level
 * is caught.
 */
public final class LogCapture {

    private static final List<String> LINES = new ArrayList<>();

    static {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String line = event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()
                        + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
                synchronized (LINES) {
                    LINES.add(line);
                }
            }
        };
        appender.setContext(context);
        appender.setName("test-capture");
        appender.start();
        attach(context, appender);
        // a context that reconfigures logback (Micronaut's logger.levels does) would otherwise drop the capture
        context.addListener(new LoggerContextListener() {
            @Override
            public boolean isResetResistant() {
                return true;
            }

            @Override
            public void onReset(LoggerContext c) {
                attach(c, appender);
            }

            @Override
            public void onStart(LoggerContext c) {
            }

            @Override
            public void onStop(LoggerContext c) {
            }

            @Override
            public void onLevelChange(Logger logger, Level level) {
            }
        });
    }

    private static void attach(LoggerContext context, AppenderBase<ILoggingEvent> appender) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        for (String name : List.of("io.auditsearch", "io.micronaut.security")) {
            context.getLogger(name).setLevel(Level.DEBUG);
        }
    }

    private LogCapture() {
    }

    /** Starts capturing (idempotent). */
    public static void start() {
        // the static initializer did it
    }

    public static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    /** Fails naming the first captured line that contains one of {@code secrets}. */
    public static void assertNoneContain(java.util.Collection<String> secrets) {
        List<String> lines = lines();
        if (lines.isEmpty()) {
            throw new AssertionError("nothing was captured: the log scan would prove nothing");
        }
        for (String secret : secrets) {
            for (String line : lines) {
                if (line.contains(secret)) {
                    throw new AssertionError("a secret (" + secret.length() + " characters, starting "
                            + secret.substring(0, Math.min(6, secret.length())) + ") is in the log: "
                            + line.replace(secret, "<SECRET>"));
                }
            }
        }
    }

    /** The captured lines containing {@code text}. */
    public static List<String> containing(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }
}
