package io.auditsearch.example;

import io.auditsearch.micronaut.AuditChanges;
import io.auditsearch.micronaut.Audited;
import io.auditsearch.micronaut.AuditedCall;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Granting a role: recorded by {@link Audited} as the catalog's {@code role.grant}, with the user's roles before and after. */
@Controller("/users")
class RoleController {

    private final Roles roles;

    RoleController(Roles roles) {
        this.roles = roles;
    }

    @Audited(action = "role.grant", resourceType = "role", resourceId = "role", changes = RoleChanges.class)
    @Post("/{userId}/roles/{role}")
    Map<String, Object> grant(@PathVariable String userId, @PathVariable String role) {
        return Map.of("user", userId, "roles", roles.grant(userId, role));
    }

    /** The roles of each user (in memory, for the example). */
    @Singleton
    static class Roles {

        private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

        List<String> of(String user) {
            return List.copyOf(byUser.getOrDefault(user, Set.of()));
        }

        synchronized List<String> grant(String user, String role) {
            byUser.computeIfAbsent(user, u -> new TreeSet<>()).add(role);
            return of(user);
        }
    }

    /** {@code audit.changes.before/after}: the user's roles around the grant. */
    @Singleton
    static class RoleChanges implements AuditChanges {

        private final Roles roles;

        RoleChanges(Roles roles) {
            this.roles = roles;
        }

        @Override
        public Object before(AuditedCall call) {
            return Map.of("roles", roles.of((String) call.parameters().get("userId")));
        }

        @Override
        public Object after(AuditedCall call, Object result) {
            return Map.of("roles", roles.of((String) call.parameters().get("userId")));
        }
    }
}
