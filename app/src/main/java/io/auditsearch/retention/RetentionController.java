package io.auditsearch.retention;

import io.auditsearch.problem.Problem;
import io.auditsearch.problem.ProblemResponses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Optional;

/** {@code /v1/retention}: the retention report and legal holds (an admin's business; roles come with issue 5). */
@Controller("/v1/retention")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "retention")
class RetentionController {

    private final RetentionService service;

    RetentionController(RetentionService service) {
        this.service = service;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "getRetentionReport", summary = "Retention report", description = "Mode (ilm or service), period in days, the last sweep, and every "
            + "dated audit index with its period date, document count, size, deletion due date and the legal holds keeping it.")
    RetentionReport report() {
        return service.report();
    }

    @Get(uri = "/holds", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "listLegalHolds", summary = "Legal holds", description = "Every hold, active and released, newest first, with who set and released it, when and why.")
    HoldList holds() {
        return new HoldList(service.holds());
    }

    @Post(uri = "/holds", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @Operation(operationId = "setLegalHold", summary = "Set a legal hold", description = "Body: from, to (RFC 3339 or a date), optional tenant (organization.id), "
            + "reason. No index with events of the range (of the tenant) is deleted while the hold is active.")
    HttpResponse<LegalHold> set(@Body @Nullable HoldRequest body, @Nullable Principal principal) {
        LegalHold hold = service.set(Optional.ofNullable(body).orElse(new HoldRequest(null, null, null, null)), who(principal));
        return HttpResponse.created(hold, URI.create("/v1/retention/holds/" + hold.id()));
    }

    @Delete(uri = "/holds/{id}", produces = MediaType.APPLICATION_JSON)
    @ProblemResponses
    @ApiResponse(responseCode = "404", description = ProblemResponses.NOT_FOUND,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @Operation(operationId = "releaseLegalHold", summary = "Release a legal hold", description = "The hold's record stays, with released_by and released_at.")
    LegalHold release(@PathVariable String id, @Nullable Principal principal) {
        return service.release(id, who(principal));
    }

    private static String who(@Nullable Principal principal) {
        return Optional.ofNullable(principal).map(Principal::getName).filter(n -> !n.isBlank()).orElse("anonymous");
    }

    /** {@code GET /v1/retention/holds}. */
    @Serdeable
    record HoldList(List<LegalHold> holds) {
    }
}
