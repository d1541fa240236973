package io.auditsearch.problem;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps the service's typed exceptions to problem+json responses. */
public final class ProblemHandlers {

    private ProblemHandlers() {
    }

    /** A problem+json response. */
    public static MutableHttpResponse<Problem> respond(HttpStatus status, Problem problem) {
        return HttpResponse.<Problem>status(status).body(problem).contentType(Problem.MEDIA_TYPE);
    }

    @Singleton
    @Produces(Problem.CONTENT_TYPE)
    static final class Api implements ExceptionHandler<ApiException, HttpResponse<Problem>> {
        @Override
        public MutableHttpResponse<Problem> handle(HttpRequest request, ApiException e) {
            MutableHttpResponse<Problem> response = respond(e.status(), new Problem(Problem.type(e.slug()), e.title(),
                    e.status().getCode(), e.getMessage(), request.getPath(), null));
            // whole seconds, at least one: the delta-seconds form of RFC 9110
            e.retryAfter().ifPresent(after -> response.header(HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, after.toSeconds()))));
            return response;
        }
    }
}
