package io.auditsearch.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * How a destination's stream does on this instance.
 *
 * @param state        active, paused, disabled, failing (retrying longer than failing-after), or unavailable (no transport here)
 * @param cursor       the last journal seq the destination acknowledged
 * @param lagEvents    accepted events after the cursor
 * @param lagSeconds   age of the oldest of them
 * @param lastSuccess  the last acknowledged batch
 * @param lastError    the last failure, if any since then
 * @param delivered    events acknowledged since start
 * @param retried      batches sent again since start
 * @param deadLettered events refused for good since start
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
record StreamStatus(String state, long cursor, @JsonProperty("lag_events") long lagEvents, @JsonProperty("lag_seconds") long lagSeconds,
                    @Nullable @JsonProperty("last_success") Instant lastSuccess, @Nullable @JsonProperty("last_error") String lastError,
                    long delivered, long retried, @JsonProperty("dead_lettered") long deadLettered) {
}
