package io.auditsearch.event;

import io.auditsearch.problem.Problem;
import io.auditsearch.problem.ProblemHandlers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** An event that breaks the rules: a 400 problem listing every field error. */
@Singleton
@Produces(Problem.CONTENT_TYPE)
final class EventRejectedHandler implements ExceptionHandler<EventRejectedException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, EventRejectedException e) {
        return ProblemHandlers.respond(HttpStatus.BAD_REQUEST, new Problem(Problem.type("validation"), "The event breaks the audit event rules",
                400, e.getMessage() + (e.errors().size() > 1 ? " (and " + (e.errors().size() - 1) + " more)" : ""),
                request.getPath(), e.errors()));
    }
}
