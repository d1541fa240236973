package io.auditsearch.client;

import java.util.List;

/**
 * A user as ECS writes one ({@code user.*} for who acted, {@code user.target.*} for whom it was
 * done to). Every part is optional; roles are written only for the actor.
 */
public record Actor(String id, String name, String email, List<String> roles) {

    public Actor {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public static Actor id(String id) {
        return new Actor(id, null, null, List.of());
    }

    public static Actor of(String id, String name) {
        return new Actor(id, name, null, List.of());
    }

    public Actor withEmail(String email) {
        return new Actor(id, name, email, roles);
    }

    public Actor withRoles(String... roles) {
        return new Actor(id, name, email, List.of(roles));
    }
}
