package io.auditsearch.client;

import java.util.Locale;

/** {@code log.level}: the syslog-style levels the service accepts (it derives {@code event.severity}). */
public enum Level {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    /** The value as written in the event. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
