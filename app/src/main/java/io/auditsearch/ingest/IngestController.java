package io.auditsearch.ingest;

import io.auditsearch.event.EventPreparer;
import io.auditsearch.event.EventRejectedException;
import io.auditsearch.event.PreparedEvent;
import io.auditsearch.event.TenantMismatchException;
import io.auditsearch.problem.ApiException;
import io.auditsearch.problem.FieldError;
import io.auditsearch.problem.Problem;
import io.auditsearch.problem.ProblemResponses;
import io.auditsearch.security.Caller;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/events} and {@code POST /v1/events/_bulk}: validate, prepare and store audit
 * events. Bodies are taken as bytes so each event is checked against the strict schema by us,
 * with every error named, before Elasticsearch sees it.
 */
@Controller("/v1/events")
@Tag(name = "ingest")
class IngestController {

    static final String NDJSON = "application/x-ndjson";

    private final EventPreparer preparer;
    private final EventIndexer indexer;
    private final EventDelivery delivery;
    private final IngestConfiguration config;

    IngestController(EventPreparer preparer, EventIndexer indexer, EventDelivery delivery, IngestConfiguration config) {
        this.preparer = preparer;
        this.indexer = indexer;
        this.delivery = delivery;
        this.config = config;
    }

    /**
     * One event, answered without holding a thread: validation and preparation are CPU work of
     * microseconds, and the answer is written when Elasticsearch (or the spool) has the event.
     */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "recordEvent", summary = "Record one event", description = "An ECS audit event (event.action required). "
            + "201 once Elasticsearch has it, 202 once the service's durable spool has it; a repeated event.id answers duplicate.")
    @ApiResponse(responseCode = "201", description = "Stored in Elasticsearch (or already there: result duplicate)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResponses.Receipt.class)))
    @ApiResponse(responseCode = "202", description = "Kept in the durable spool, shipped to Elasticsearch later",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResponses.Receipt.class)))
    @ProblemResponses
    @ApiResponse(responseCode = "413", description = ProblemResponses.TOO_LARGE,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(ref = "#/components/requestBodies/Event")
    CompletableFuture<HttpResponse<IngestResponses.Receipt>> create(HttpRequest<?> request, @Body @Parameter(hidden = true) byte[] body) {
        // a tenant-bound caller writes only its own tenant's events (checked before anything is kept)
        PreparedEvent event = preparer.prepare(body, 0, body.length, Caller.of(request).tenant());
        return delivery.deliverAsync(List.of(event), e -> List.of(indexer.indexOne(e.getFirst())), config.getAckWait())
                .thenApply(delivered -> {
                    EventDelivery.Delivered d = delivered.getFirst();
                    if (!d.kept()) {
                        ApiException failure = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, d.errorType(),
                                "The event was not stored; try again later", d.reason());
                        throw d.retryAfter() == null ? failure : failure.withRetryAfter(d.retryAfter());
                    }
                    IngestResponses.Receipt receipt = new IngestResponses.Receipt(event.id(), event.index(), d.result(), error(d));
                    return d.status() == 201 ? HttpResponse.created(receipt) : HttpResponse.accepted().body(receipt);
                });
    }

    @Post(uri = "/_bulk", consumes = {NDJSON, MediaType.APPLICATION_JSON}, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(operationId = "recordEvents", summary = "Record events in bulk", description = "Up to 10,000 events as NDJSON "
            + "(one event per line) or a JSON array; one item per event in the answer, in order, each with its own status.")
    @ApiResponse(responseCode = "200", description = "One item per event (201 created or duplicate, 202 spooled, 400 invalid, 403 tenant mismatch, 503 spool full)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResponses.BulkResult.class)))
    @ProblemResponses
    @ApiResponse(responseCode = "413", description = ProblemResponses.TOO_LARGE,
            content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
    @RequestBody(ref = "#/components/requestBodies/EventBatch")
    HttpResponse<IngestResponses.BulkResult> bulk(HttpRequest<?> request, @Body @Parameter(hidden = true) byte[] body) {
        long started = System.nanoTime();
        boolean array = request.getContentType().map(t -> t.getSubtype().equals("json")).orElse(false);
        List<BulkBody.Line> lines = BulkBody.split(body, array, config.getMaxBulkLines());
        Optional<String> tenant = Caller.of(request).tenant();

        IngestResponses.Item[] items = new IngestResponses.Item[lines.size()];
        List<PreparedEvent> accepted = new ArrayList<>(lines.size());
        List<Integer> positions = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            BulkBody.Line line = lines.get(i);
            try {
                PreparedEvent event = preparer.prepare(line.bytes(), line.offset(), line.length(), tenant);
                accepted.add(event);
                positions.add(i);
            } catch (EventRejectedException e) {
                items[i] = invalid(e);
            } catch (TenantMismatchException e) {
                items[i] = new IngestResponses.Item(null, null, 403, "forbidden",
                        new IngestResponses.ItemError("tenant_mismatch", e.getMessage(), "organization.id", null));
            }
        }

        List<EventDelivery.Delivered> delivered = delivery.deliver(accepted, indexer::indexBatch, config.getBulkAckWait());
        Duration retryAfter = null;
        for (int k = 0; k < accepted.size(); k++) {
            PreparedEvent event = accepted.get(k);
            EventDelivery.Delivered d = delivered.get(k);
            items[positions.get(k)] = new IngestResponses.Item(event.id(), event.index(), d.status(), d.result(), error(d));
            retryAfter = d.retryAfter() != null ? d.retryAfter() : retryAfter;
        }
        boolean errors = false;
        for (IngestResponses.Item item : items) {
            errors |= item.status() >= 300;
        }
        MutableHttpResponse<IngestResponses.BulkResult> response = HttpResponse.ok(new IngestResponses.BulkResult(
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), errors, List.of(items)));
        // some lines could not be kept (spool full): say when to send them again
        return retryAfter == null ? response
                : response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    private static IngestResponses.ItemError error(EventDelivery.Delivered d) {
        return d.errorType() == null ? null : new IngestResponses.ItemError(d.errorType(), d.reason(), null, null);
    }

    private static IngestResponses.Item invalid(EventRejectedException e) {
        FieldError first = e.errors().getFirst();
        String type = first.rule().equals("json") ? "json_parse_error" : "validation_error";
        return new IngestResponses.Item(null, null, 400, "invalid",
                new IngestResponses.ItemError(type, first.message(), first.field(), e.errors()));
    }
}
