package io.auditsearch.problem;

import io.micronaut.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * A request the API refuses or cannot serve, with the status and problem type it maps to.
 * Feature packages throw subclasses or this with a slug ({@code too_large}, {@code unavailable}).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private Duration retryAfter;

    public ApiException(HttpStatus status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** Asks the caller to come back later ({@code Retry-After}, for 429 and 503). */
    public ApiException withRetryAfter(Duration after) {
        this.retryAfter = after;
        return this;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
