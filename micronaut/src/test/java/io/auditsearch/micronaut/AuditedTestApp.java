package io.auditsearch.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestAuthenticationProvider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The application the interceptor is tested in: audited endpoints and beans, a change hook, basic auth with a tenant claim. */
final class AuditedTestApp {

    private AuditedTestApp() {
    }

    /** A refusal the business code throws: checked, so re-throwing it untouched is visible. */
    static final class NoBudgetException extends Exception {
        NoBudgetException(String message) {
            super(message);
        }
    }

    @Requires(env = "audited-test")
    @Controller("/t")
    static class Endpoints {

        private final Roles roles;

        Endpoints(Roles roles) {
            this.roles = roles;
        }

        @Audited(action = "record.view", resourceType = "record", resourceId = "id")
        @Get("/records/{id}")
        String view(@PathVariable String id) {
            return "record " + id;
        }

        @Audited(action = "role.grant", resourceType = "role", resourceId = "role", changes = RoleChanges.class)
        @Post("/users/{user}/roles/{role}")
        Set<String> grant(@PathVariable String user, @PathVariable String role) {
            return roles.grant(user, role);
        }
    }

    @Requires(env = "audited-test")
    @Singleton
    static class Roles {

        private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

        Set<String> of(String user) {
            return Set.copyOf(byUser.getOrDefault(user, Set.of()));
        }

        Set<String> grant(String user, String role) {
            byUser.computeIfAbsent(user, u -> new TreeSet<>()).add(role);
            return of(user);
        }
    }

    @Requires(env = "audited-test")
    @Singleton
    static class RoleChanges implements AuditChanges {

        private final Roles roles;

        RoleChanges(Roles roles) {
            this.roles = roles;
        }

        @Override
        public Object before(AuditedCall call) {
            return Map.of("roles", List.copyOf(new TreeSet<>(roles.of((String) call.parameters().get("user")))));
        }

        @Override
        public Object after(AuditedCall call, Object result) {
            return Map.of("roles", List.copyOf(new TreeSet<>(roles.of((String) call.parameters().get("user")))));
        }
    }

    /** Audited business methods outside any request. */
    @Requires(env = "audited-test")
    @Singleton
    static class Invoices {

        @Audited(action = "invoice.approve", resourceType = "invoice", resourceId = "invoiceId")
        String approve(String invoiceId, int amount) throws NoBudgetException {
            if (amount > 100) {
                throw new NoBudgetException("no budget for " + amount);
            }
            return "approved " + invoiceId;
        }

        @Audited(action = "invoice.create", resourceType = "invoice", resourceId = "result")
        CompletableFuture<String> create() {
            return CompletableFuture.supplyAsync(() -> "inv-async");
        }

        /** A catalog action that fails: still categorised as the catalog's role.revoke. */
        @Audited(action = "role.revoke", resourceType = "role", resourceId = "role")
        void revokeLastAdmin(String role) {
            throw new IllegalStateException("the last admin keeps " + role);
        }

        /** An action the client refuses to build (empty): the call must still succeed. */
        @Audited(action = "")
        String unrecordable() {
            return "fine";
        }
    }

    @Requires(env = "audited-test")
    @Singleton
    static class Users implements HttpRequestAuthenticationProvider<Object> {

        @Override
        public AuthenticationResponse authenticate(@Nullable HttpRequest<Object> request, AuthenticationRequest<String, String> auth) {
            if ("alice".equals(auth.getIdentity()) && "secret".equals(auth.getSecret())) {
                return AuthenticationResponse.success("alice", List.of("admin"), Map.of("tenant", "acme"));
            }
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
    }
}
