package io.auditsearch.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link AuditClient#record} does when the in-memory queue is full: wait for room up to a
 * timeout and then drop ({@link #block}), or drop at once ({@link #drop}). A dropped event is
 * never silent: it is counted ({@code dropped}), logged and passed to the {@link DeliveryListener}.
 */
public final class FullPolicy {

    private final Duration timeout;

    private FullPolicy(Duration timeout) {
        this.timeout = timeout;
    }

    /** Blocks the caller up to {@code timeout} for room in the queue, then drops the event. */
    public static FullPolicy block(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
        return new FullPolicy(timeout);
    }

    /** Drops the event at once; the caller never waits. */
    public static FullPolicy drop() {
        return new FullPolicy(Duration.ZERO);
    }

    Duration timeout() {
        return timeout;
    }

    @Override
    public String toString() {
        return timeout.isZero() ? "DROP" : "BLOCK(" + timeout + ")";
    }
}
