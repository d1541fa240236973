package io.auditsearch.problem;

import io.micronaut.http.HttpStatus;

/** A search, aggregation or export request the API refuses: the detail names the parameter and the rule. */
public final class BadRequestException extends ApiException {

    public BadRequestException(String slug, String title, String detail) {
        super(HttpStatus.BAD_REQUEST, slug, title, detail);
    }

    public static BadRequestException parameter(String name, String detail) {
        return new BadRequestException("invalid_parameter", "Invalid parameter " + name, name + ": " + detail);
    }
}
