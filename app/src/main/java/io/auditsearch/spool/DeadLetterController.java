package io.auditsearch.spool;

import io.auditsearch.problem.ProblemResponses;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;

/** {@code GET /v1/admin/dead-letters}: the events Elasticsearch refused for good, newest first (admin). */
@Controller("/v1/admin/dead-letters")
@Tag(name = "admin")
@ExecuteOn(TaskExecutors.BLOCKING)
class DeadLetterController {

    private static final int MAX_LIMIT = 1000;

    private final Spool spool;

    DeadLetterController(Spool spool) {
        this.spool = spool;
    }

    @Get(produces = "application/json")
    @Operation(operationId = "listDeadLetters", summary = "List dead letters",
            description = "The events Elasticsearch refused for good (kept in the spool's dead-letter store), newest first; limit 1 to 1000.")
    @ProblemResponses
    DeadLetters list(@QueryValue(defaultValue = "100") int limit) {
        return new DeadLetters(spool.deadLetterCount(), spool.deadLetters(Math.clamp(limit, 1, MAX_LIMIT)));
    }

    /**
     * The dead-letter store.
     *
     * @param total       how many dead letters are kept
     * @param deadLetters the newest of them
     */
    @Serdeable
    record DeadLetters(long total, List<DeadLetter> deadLetters) {
    }
}
