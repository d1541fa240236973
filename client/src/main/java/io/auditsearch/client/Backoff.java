package io.auditsearch.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * Delay before the next attempt: exponential from {@code initial}, doubled per failed attempt up to
 * {@code max}, with equal jitter (half fixed, half random, so clients that failed together do not
 * come back together); never shorter than the service's {@code Retry-After}.
 */
final class Backoff {

    /** A Retry-After beyond this is taken as this: a misconfigured proxy must not park the client for days. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private final long initialNanos;
    private final long maxNanos;
    private final LongUnaryOperator random; // bound -> value in [0, bound)

    Backoff(Duration initial, Duration max, LongUnaryOperator random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initial.toNanos(), max.toNanos());
        this.random = random;
    }

    /** @param attempt failed attempts so far, 1 for the first failure */
    Duration delay(int attempt, Duration retryAfter) {
        long base = initialNanos;
        for (int i = 1; i < attempt && base < maxNanos; i++) {
            base = base > maxNanos / 2 ? maxNanos : base * 2;
        }
        base = Math.min(base, maxNanos);
        long half = base / 2;
        long delay = half + (half > 0 ? random.applyAsLong(half + 1) : 0);
        if (retryAfter != null) {
            delay = Math.max(delay, Math.min(retryAfter.toNanos(), MAX_RETRY_AFTER.toNanos()));
        }
        return Duration.ofNanos(delay);
    }

    /** {@code Retry-After}: delta-seconds or an HTTP-date (RFC 9110 10.2.3); empty when absent or unreadable. */
    static Optional<Duration> parseRetryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
