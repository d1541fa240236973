package io.auditsearch.security;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.Optional;

/**
 * An API key given in configuration by its hash ({@code audit.security.static-keys.<name>.*}), for
 * deployments that provision keys from a secret store; it cannot be revoked through the API.
 */
@EachProperty("audit.security.static-keys")
public class StaticKeyConfiguration {

    private final String name;
    /** SHA-256 of the key, lowercase hex ({@code printf %s "$KEY" | sha256sum}). */
    private String sha256 = "";
    /** Roles: ingest, read, admin. */
    private List<String> roles = List.of();
    /** Tenant ({@code organization.id}) the key is bound to; empty: all tenants. */
    @Nullable
    private String tenant;

    public StaticKeyConfiguration(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    @Nullable
    public String getTenant() {
        return tenant;
    }

    public void setTenant(@Nullable String tenant) {
        this.tenant = tenant;
    }

    Optional<String> tenant() {
        return Optional.ofNullable(tenant).filter(t -> !t.isBlank());
    }
}
