package io.auditsearch.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.auditsearch.problem.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Bodies of the ingestion endpoints. */
final class IngestResponses {

    private IngestResponses() {
    }

    /**
     * {@code POST /v1/events}: where the event is and what became of it.
     *
     * @param result created or duplicate (201); accepted into the durable spool, or dead_letter (202)
     * @param error  for dead letters, what Elasticsearch said
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Receipt(String id, String index, String result, @Schema(nullable = false, description = "absent when there is none") @Nullable ItemError error) {
    }

    /** {@code POST /v1/events/_bulk}: one item per input line, in order. */
    @Serdeable
    record BulkResult(long took, boolean errors, List<Item> items) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record Item(@Nullable String id, @Nullable String index, int status, String result,
                @Schema(nullable = false, description = "absent when there is none") @Nullable ItemError error) {
    }

    /**
     * Why one line was not stored.
     *
     * @param type   {@code validation_error}, {@code json_parse_error} or Elasticsearch's error type
     * @param reason sentence naming the field and rule
     * @param field  first offending field, when there is one
     * @param errors every field error of a validation failure
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record ItemError(String type, @Nullable String reason, @Nullable String field, @Nullable List<FieldError> errors) {
    }
}
