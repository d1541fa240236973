package io.auditsearch.problem;

import io.micronaut.http.HttpStatus;

/**
 * A request the API refuses or cannot serve, with the status and problem type it maps to.
 * Feature packages throw subclasses or this with a slug ({@code too_large}, {@code unavailable}).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;

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
}
