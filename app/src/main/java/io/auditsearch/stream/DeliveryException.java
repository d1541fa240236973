package io.auditsearch.stream;

import java.time.Duration;
import java.util.Optional;

/** A batch the destination did not take: retried later, or the destination is disabled. */
public class DeliveryException extends Exception {

    private final transient Optional<Duration> retryAfter;
    private final boolean destinationGone;

    public DeliveryException(String message, Optional<Duration> retryAfter, boolean destinationGone, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.destinationGone = destinationGone;
    }

    public static DeliveryException retry(String message, Throwable cause) {
        return new DeliveryException(message, Optional.empty(), false, cause);
    }

    /** The destination asked to wait (HTTP 429 or 503 with Retry-After). */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** The destination said it is gone for good (a webhook's 410): disable it, keep its place. */
    public boolean destinationGone() {
        return destinationGone;
    }
}
