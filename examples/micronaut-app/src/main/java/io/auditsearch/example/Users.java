package io.auditsearch.example;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The example's users (HTTP basic auth), each with roles and a tenant attribute. Demo passwords, demo only. */
@Singleton
class Users implements HttpRequestAuthenticationProvider<Object> {

    record User(String name, String password, List<String> roles, String tenant) {
    }

    private static final Map<String, User> USERS = Map.of(
            "alice", new User("alice", "alice-password", List.of("admin"), "acme"),
            "bob", new User("bob", "bob-password", List.of("user"), "acme"));

    /** The user whose password this is, if any. */
    Optional<User> check(String name, String password) {
        return Optional.ofNullable(USERS.get(name)).filter(u -> u.password().equals(password));
    }

    @Override
    public AuthenticationResponse authenticate(@Nullable HttpRequest<Object> request, AuthenticationRequest<String, String> auth) {
        return check(auth.getIdentity(), auth.getSecret())
                .map(u -> AuthenticationResponse.success(u.name(), u.roles(), Map.of("tenant", u.tenant())))
                .orElseGet(() -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH));
    }
}
