package io.auditsearch.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An API key as stored (document of the keys index) and as listed: everything but the key; the hash
 * is stored and never leaves the service.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ApiKey(String id, String name, List<String> roles, @Nullable String tenant,
                     @JsonProperty("created_at") Instant createdAt, @JsonProperty("created_by") String createdBy,
                     @JsonProperty("revoked_at") @Nullable Instant revokedAt, @JsonProperty("revoked_by") @Nullable String revokedBy) {

    boolean revoked() {
        return revokedAt != null;
    }

    Optional<String> tenantScope() {
        return Optional.ofNullable(tenant).filter(t -> !t.isBlank());
    }
}
