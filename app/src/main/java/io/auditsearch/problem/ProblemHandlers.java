package io.auditsearch.problem;

import io.auditsearch.event.EventRejectedException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps the service's typed exceptions to problem+json responses. */
final class ProblemHandlers {

    private ProblemHandlers() {
    }

    static MutableHttpResponse<Problem> respond(HttpStatus status, Problem problem) {
        return HttpResponse.<Problem>status(status).body(problem).contentType(Problem.MEDIA_TYPE);
    }

    @Singleton
    @Produces(Problem.CONTENT_TYPE)
    static final class EventRejected implements ExceptionHandler<EventRejectedException, HttpResponse<Problem>> {
        @Override
        public HttpResponse<Problem> handle(HttpRequest request, EventRejectedException e) {
            return respond(HttpStatus.BAD_REQUEST, new Problem(Problem.type("validation"), "The event breaks the audit event rules",
                    400, e.getMessage() + (e.errors().size() > 1 ? " (and " + (e.errors().size() - 1) + " more)" : ""),
                    request.getPath(), e.errors()));
        }
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
