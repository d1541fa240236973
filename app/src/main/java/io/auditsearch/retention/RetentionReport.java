package io.auditsearch.retention;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * {@code GET /v1/retention}: who deletes ({@code ilm} or {@code service}), after how many days,
 * and for each dated audit index when it is due and which legal holds keep it.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_ABSENT)
record RetentionReport(String mode, @JsonProperty("period_days") int periodDays,
                       @JsonProperty("last_sweep") @Schema(nullable = false, description = "absent when there is none") @Nullable SweepReport lastSweep, List<IndexRetention> indices) {

    /**
     * One index: {@code delete_due} is when retention deletes it (unless held); {@code held_by}
     * the ids of the active holds with events in it.
     */
    @Serdeable
    record IndexRetention(String index, @JsonProperty("period_date") String periodDate,
                          @JsonProperty("docs_count") long docsCount, @JsonProperty("size_bytes") long sizeBytes,
                          @JsonProperty("delete_due") String deleteDue, boolean due, @JsonProperty("held_by") List<String> heldBy) {
    }
}
