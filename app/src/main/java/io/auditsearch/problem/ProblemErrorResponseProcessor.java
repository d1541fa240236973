package io.auditsearch.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders the framework's own errors (unknown route, wrong method or media type, body too large,
 * unreadable body, bean validation) as RFC 9457 problem+json, like the service's own errors.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String detail = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        Problem problem = new Problem(Problem.type(slug(status)), status.getReason(), status.getCode(),
                detail.isEmpty() ? null : detail, context.getRequest().getPath(), null);
        return response.body(problem).contentType(Problem.MEDIA_TYPE);
    }

    private static String slug(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad_request";
            case REQUEST_ENTITY_TOO_LARGE -> "too_large";
            case NOT_FOUND -> "not_found";
            default -> status.getReason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        };
    }
}
