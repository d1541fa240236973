package io.auditsearch.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * A destination as the API shows it: everything but its secrets, and how its stream is doing here.
 *
 * @param secretSet whether secrets are set (they are never shown)
 * @param status    this instance's delivery state
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record DestinationView(String id, String name, String type, String format, @Nullable String url,
                       @JsonProperty("secret_set") boolean secretSet, Map<String, String> options, StreamFilter filter,
                       String state, @JsonProperty("created_at") Instant createdAt, @JsonProperty("created_by") String createdBy,
                       @Schema(nullable = false, description = "absent when the stream does not run here") @Nullable StreamStatus status) {

    static DestinationView of(Destination d, StreamStatus status) {
        return new DestinationView(d.id(), d.name(), d.type(), d.format(), d.url(), !d.secrets().isEmpty(), d.options(),
                d.filter(), d.state(), d.createdAt(), d.createdBy(), status);
    }
}
