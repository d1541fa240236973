package io.auditsearch.security;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import java.util.List;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code audit.security.dev-mode-unauthenticated=true}: a request without credentials acts as the
 * admin {@code dev-mode-unauthenticated}. For a developer's laptop only; every start says so loudly.
 */
@Context
@Requires(property = "audit.security.dev-mode-unauthenticated", value = "true")
class DevModeAuthentication implements AuthenticationFetcher<HttpRequest<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(DevModeAuthentication.class);
    static final String NAME = "dev-mode-unauthenticated";

    DevModeAuthentication() {
        LOG.warn("!!! audit.security.dev-mode-unauthenticated=true: EVERY request without credentials is served as an ADMIN. "
                + "Never run this way where anyone else can reach the port. !!!");
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        if (request.getHeaders().contains(HttpHeaders.AUTHORIZATION)) {
            return Mono.empty(); // credentials given are checked, and wrong ones still fail
        }
        return Mono.just(ApiKeyAuthenticator.authentication(NAME, NAME, List.of(Roles.ADMIN), Optional.empty()));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
