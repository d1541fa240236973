package io.auditsearch.security;

import io.auditsearch.problem.Problem;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/** 401 (no or unknown credentials, with the schemes to use) and 403 (role missing) as problem+json. */
@Singleton
@Produces(Problem.CONTENT_TYPE)
@Replaces(DefaultAuthorizationExceptionHandler.class)
class AuthorizationProblemHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException e) {
        if (e.isForbidden()) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).contentType(Problem.MEDIA_TYPE)
                    .body(new Problem(Problem.type("forbidden"), "Forbidden", 403,
                            "the credentials' roles " + e.getAuthentication().getRoles() + " do not allow "
                                    + request.getMethodName() + " " + request.getPath(), request.getPath(), null));
        }
        return HttpResponse.status(HttpStatus.UNAUTHORIZED).contentType(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyAuthenticationFetcher.SCHEME + ", Bearer")
                .body(new Problem(Problem.type("unauthorized"), "Unauthorized", 401,
                        "send 'Authorization: ApiKey <key>' or 'Authorization: Bearer <JWT>'; the credentials given, if any, "
                                + "are unknown, revoked or invalid", request.getPath(), null));
    }
}
