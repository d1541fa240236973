package io.auditsearch.security;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Who is calling, as the feature packages need it: an id and name for the audit trail, the roles,
 * and the tenant a tenant-bound key or token is limited to.
 *
 * @param id     API key id, or the JWT subject
 * @param name   API key name, or the JWT subject
 * @param roles  ingest, read, admin
 * @param tenant the only {@code organization.id} the caller may see and write, when bound
 */
public record Caller(String id, String name, Collection<String> roles, Optional<String> tenant) {

    /** Attribute of an {@link Authentication} holding the caller's id (an API key's id). */
    public static final String ID = "caller_id";
    /** Attribute of an {@link Authentication} holding the tenant. */
    public static final String TENANT = "caller_tenant";

    /** The caller of an authenticated request; the security filter has rejected any other before a controller runs. */
    public static Caller of(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class).map(Caller::of)
                .orElseThrow(() -> new IllegalStateException("no authenticated caller on " + request.getPath()));
    }

    static Caller of(Authentication authentication) {
        Object id = authentication.getAttributes().getOrDefault(ID, authentication.getName());
        Object tenant = authentication.getAttributes().get(TENANT);
        return new Caller(String.valueOf(id), authentication.getName(), List.copyOf(authentication.getRoles()),
                Optional.ofNullable(tenant).map(String::valueOf).filter(t -> !t.isBlank()));
    }
}
