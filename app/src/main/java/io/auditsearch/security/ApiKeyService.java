package io.auditsearch.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.auditsearch.event.ServiceEvents;
import io.auditsearch.problem.BadRequestException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Creates, lists and revokes API keys; each change is recorded in the audit log like any other IAM event. */
@Singleton
class ApiKeyService {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A key just created: the record, and the key itself, which is never shown again. */
    record Created(ApiKey record, String key) {
    }

    private final ApiKeyStore store;
    private final ApiKeyAuthenticator authenticator;
    private final ServiceEvents events;

    ApiKeyService(ApiKeyStore store, ApiKeyAuthenticator authenticator, ServiceEvents events) {
        this.store = store;
        this.authenticator = authenticator;
        this.events = events;
    }

    Created create(String name, List<String> roles, Optional<String> tenant, String createdBy) throws IOException {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw BadRequestException.parameter("name", "is required (1 to 200 characters)");
        }
        if (roles == null || roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
            throw BadRequestException.parameter("roles", "must be one or more of " + Roles.ALL + ", got " + roles);
        }
        if (tenant.isPresent() && roles.contains(Roles.ADMIN)) {
            // an admin manages every tenant's keys: binding it to one tenant would be a false promise
            throw BadRequestException.parameter("tenant", "an admin key cannot be bound to a tenant");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            ApiKeySecret secret = ApiKeySecret.generate();
            ApiKey key = new ApiKey(secret.id(), name.strip(), List.copyOf(roles), tenant.orElse(null),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), createdBy, null, null);
            if (store.create(key, ApiKeySecret.hash(secret.key()))) {
                authenticator.forget(key.id()); // a negative cache entry for this id must not hide the new key
                recordChange("api_key.create", "creation", key, createdBy);
                return new Created(key, secret.key());
            }
        }
        throw new IllegalStateException("three random key ids in a row were taken");
    }

    /** The bootstrap admin key, under a fixed id so that instances starting together create it once. */
    Optional<Created> createBootstrap() throws IOException {
        String key = ApiKeySecret.generate(BootstrapAdminKey.ID).key();
        ApiKey record = new ApiKey(BootstrapAdminKey.ID, "bootstrap-admin", List.of(Roles.ADMIN), null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "audit-search", null, null);
        if (!store.create(record, ApiKeySecret.hash(key))) {
            return Optional.empty();
        }
        authenticator.forget(record.id());
        recordChange("api_key.create", "creation", record, "audit-search");
        return Optional.of(new Created(record, key));
    }

    List<ApiKey> list() throws IOException {
        return store.list();
    }

    /** Revokes at once for this instance (its cache entry goes); other instances within the cache TTL. */
    Optional<ApiKey> revoke(String id, String by) throws IOException {
        Optional<ApiKey> revoked = store.revoke(id, by, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        authenticator.forget(id);
        revoked.ifPresent(k -> recordChange("api_key.revoke", "deletion", k, by));
        return revoked;
    }

    private void recordChange(String action, String type, ApiKey key, String by) {
        ObjectNode event = JSON.createObjectNode();
        event.put("@timestamp", Instant.now().toString());
        ObjectNode ev = event.putObject("event").put("action", action).put("outcome", "success");
        ev.putArray("category").add("iam");
        ev.putArray("type").add(type);
        event.putObject("user").put("name", by);
        event.putObject("service").put("name", ReadAudit.SERVICE);
        event.put("message", by + " " + (type.equals("creation") ? "created" : "revoked") + " API key " + key.id() + " (" + key.name() + ")");
        ObjectNode resource = event.putObject("audit").putObject("resource");
        resource.put("type", "api_key").put("id", key.id()).put("name", key.name());
        ReadAudit.recordInBackground(events, event, action + " of key " + key.id());
    }
}
