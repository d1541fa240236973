package io.auditsearch.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which events a destination receives; every set part must match (absent parts match everything).
 *
 * @param tenant       {@code organization.id} equals
 * @param actionPrefix {@code event.action} starts with
 * @param category     {@code event.category} contains
 * @param outcome      {@code event.outcome} equals
 * @param level        {@code log.level} equals
 */
@Serdeable
public record StreamFilter(@Nullable String tenant, @Nullable @JsonProperty("action_prefix") String actionPrefix,
                           @Nullable String category, @Nullable String outcome, @Nullable String level) {

    static final StreamFilter ALL = new StreamFilter(null, null, null, null, null);

    /** Whether the stored event (its {@code _source}) passes. */
    boolean matches(JsonNode source) {
        return (tenant == null || tenant.equals(source.path("organization").path("id").asText(null)))
                && (actionPrefix == null || source.path("event").path("action").asText("").startsWith(actionPrefix))
                && (category == null || contains(source.path("event").path("category"), category))
                && (outcome == null || outcome.equals(source.path("event").path("outcome").asText(null)))
                && (level == null || level.equals(source.path("log").path("level").asText(null)));
    }

    private static boolean contains(JsonNode field, String value) {
        if (field.isArray()) {
            for (JsonNode v : field) {
                if (value.equals(v.asText())) {
                    return true;
                }
            }
            return false;
        }
        return value.equals(field.asText(null));
    }
}
