package io.auditsearch.client;

import java.util.Locale;

/** ECS {@code event.outcome}: the values the service accepts. */
public enum Outcome {
    SUCCESS, FAILURE, UNKNOWN;

    /** The value as written in the event. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
